-- book.lua: the book's settings. It is read as data (no functions, no
-- files): only the keys below are known. See docs/format.md.
title = "Customer Service Standards"
organization = "Example Company"
language = "en"            -- "en" or "ru": the words the output uses
version = "0.1"
-- The staff list: every role named here needs a file in roles/.
roles = { "front-desk", "support-lead" }
-- url = "https://standards.example.com/"  -- where the full book is published
-- rules = { ["unused-term"] = "error" }   -- change a lint rule's severity
