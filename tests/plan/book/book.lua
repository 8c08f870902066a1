-- tests/plan: a book whose staff list (book.lua roles) is not in the
-- order of the role files' names, with a role whose id is not its file's
-- name and one role the list leaves out (it comes last).
title = "Plan Test Book"
organization = "Example Shop"
language = "en"
version = "1.0"
roles = { "expert", "b-agent", "lead" }
