title = "Windows Notepad Book"
language = "en"
