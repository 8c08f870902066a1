title = "Coffee Bar Standards"
language = "en"
roles = { "barista", "cashier" }
