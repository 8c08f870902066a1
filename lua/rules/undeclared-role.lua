-- undeclared-role: a role file not in book.lua `roles`, when that staff
-- list is given.
return {
	id = "undeclared-role",
	severity = "warning",
	description = N_("A role file is not listed in book.lua `roles`."),
	help = N_("When book.lua gives the staff list (roles = {...}), every role file should be on it: "
		.. "add the role's id, or remove the file."),
	check = function(book, report)
		local list = book.config.roles
		if not list then
			return
		end
		local listed = {}
		for _, r in ipairs(list) do
			listed[r.id] = true
		end
		for _, role in ipairs(book.roles) do
			-- a second role file with a listed id was renamed (id-2):
			-- duplicate-id says so, and listing the new name is no fix
			local written = role.clause and role.clause.written_id
			if not listed[role.id] and not (written and listed[written]) then
				report(role, svcbook._("role '%s' is not listed in book.lua roles"):format(role.id),
				svcbook._("add \"%s\" to roles = { ... } in book.lua"):format(role.id))
			end
		end
	end,
}
