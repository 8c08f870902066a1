-- bad-date: book.lua's approved and effective dates are ISO dates (YYYY-MM-DD)
-- that exist in the calendar, and a book does not take effect before it is approved.
local keys = { "approved", "effective" }

return {
	id = "bad-date",
	severity = "error",
	description = N_("A date in book.lua is not a calendar date in YYYY-MM-DD form."),
	help = N_("Write approved and effective as ISO dates: approved = \"2026-03-15\". "
		.. "The effective date cannot come before the approval."),
	check = function(book, report)
		local c = book.config
		for _, k in ipairs(keys) do
			if c[k] and not svcbook.date(c[k]) then
				report(c[k .. "_at"], svcbook._("%s = \"%s\" is not a date"):format(k, c[k]),
				svcbook._("write it as YYYY-MM-DD, e.g. %s = \"2026-03-15\""):format(k))
			end
		end
		local a, e = c.approved and svcbook.date(c.approved), c.effective and svcbook.date(c.effective)
		if a and e and e < a then
			report(c.effective_at, svcbook._("the book takes effect (%s) before it is approved (%s)")
			:format(c.effective, c.approved), svcbook._("check both dates"))
		end
	end,
}
