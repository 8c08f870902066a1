-- The audit fixture (tests/audit): two roles, weights, a clause left out,
-- an appearance section for all roles, and bonus thresholds.
title = "Audit fixture"
organization = "Corner Coffee"
language = "en"
version = "1.0"
url = "https://example.com/standards"
bonus = { {90, 1.2}, {75, 1.0}, {0, 0.8} }
