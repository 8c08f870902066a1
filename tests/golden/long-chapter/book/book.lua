-- 60 roles: more than a sidebar lists on every page (html.c TOC_ALL), so a
-- role page shows the ten roles on each side of its own and links to the
-- chapter for the rest.
title = "Contact Centre Standards"
organization = "Example Telecom"
language = "en"
version = "1.0"
