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
-- Управление документом: кто ведёт книгу, кто и когда её утвердил.
owner = "service-manager"
approved_by = "Генеральный директор А. В. Смирнова"
approved = "2026-03-15"
effective = "2026-04-01"
review_every = 12
