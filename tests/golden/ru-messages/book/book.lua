title = "Стандарты салона"
language = "ru"
roles = { "master" }
