-- review-overdue: a book approved on `approved` and reviewed every
-- `review_every` months is due once that many months have passed (today is
-- SOURCE_DATE_EPOCH's day when it is set, so a build can be reproduced).
return {
	id = "review-overdue",
	severity = "warning",
	description = N_("The book's review is overdue: approved plus review_every months is before today."),
	help = N_("Review the book, then set approved (and version) in book.lua to the new approval."),
	check = function(book, report)
		local c = book.config
		local a = c.approved and svcbook.date(c.approved)
		if not a or not c.review_every then
			return
		end
		local due, due_text = svcbook.add_months(a, c.review_every)
		if due < svcbook.today() then
			report(c.approved_at, svcbook._("the book was approved on %s and was due for review on %s "
				.. "(review_every = %s months)"):format(c.approved, due_text, c.review_every),
				svcbook._("review it and set approved to the date of the new approval"))
		end
	end,
}
