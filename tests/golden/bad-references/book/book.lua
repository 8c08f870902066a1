title = "Support Standards"
language = "en"
