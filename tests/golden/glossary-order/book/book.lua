title = "Порядок глоссария"
language = "ru"
