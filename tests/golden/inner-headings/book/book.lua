title = "Inner headings"
language = "en"
