-- Пример книги стандартов svcbook: региональный интернет-провайдер.
title = "Стандарты клиентского сервиса"
organization = "ООО «Волна Телеком»"
language = "ru"
version = "2026.1"
roles = {
  "operator-l1",
  "office-admin",
  "field-tech",
  "operator-l2",
  "engineer-l3",
  "billing",
  "shift-manager",
  "service-manager",
}
autolink_terms = "none"
