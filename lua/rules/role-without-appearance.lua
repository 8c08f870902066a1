-- role-without-appearance: no appearance section covers the role. Checked
-- only when the book has an appearance chapter.
return {
	id = "role-without-appearance",
	severity = "warning",
	description = N_("No appearance section covers the role."),
	help = N_("Each role needs an appearance standard: list the role in roles=\"...\" on a "
		.. "section of appearance.md, or use roles=all."),
	check = function(book, report)
		if not book.chapters.appearance then
			return
		end
		local covered, all = {}, false
		for _, sec in ipairs(book.appearance) do
			for _, id in ipairs(sec.roles) do
				if id == "all" then
					all = true
				end
				covered[id] = true
			end
		end
		if all then
			return
		end
		for _, role in ipairs(book.roles) do
			if not covered[role.id] then
				report(role, svcbook._("no appearance section covers role '%s'"):format(role.id),
				svcbook._("add %s to roles=\"...\" of a section in appearance.md"):format(role.id))
			end
		end
	end,
}
