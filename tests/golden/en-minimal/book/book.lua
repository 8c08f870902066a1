title = "Front Desk Standards"
organization = "Example Hotel"
language = "en"
version = "1.0"
roles = { "receptionist", "night-manager" }
