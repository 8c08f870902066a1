-- empty-standard: a role file with nothing under its heading.
return {
	id = "empty-standard",
	severity = "error",
	description = N_("A role file has no standards under its heading."),
	help = N_("A role's file states its communication standards: sections (## ...) or text under "
		.. "the role's heading."),
	check = function(book, report)
		for _, role in ipairs(book.roles) do
			if #role.sections == 0 and role.clause.text:match("^%s*$") then
				report(role, svcbook._("role '%s' has no standards"):format(role.name),
				svcbook._("write the role's standards under its heading in %s"):format(role.file))
			end
		end
	end,
}
