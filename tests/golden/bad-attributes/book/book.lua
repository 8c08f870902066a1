title = "Стандарты клиники"
language = "ru"
