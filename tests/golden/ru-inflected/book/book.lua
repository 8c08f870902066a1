title = "Стандарты кофейни"
organization = "Кофейня «Зерно»"
language = "ru"
