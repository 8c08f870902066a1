-- missing-role: a role named by id ([[@id]], owner= on a stage or a role,
-- roles=, book.lua roles and owner)
-- that has no file in roles/. Ids are compared exactly.
local function hint_for(id)
	local near = svcbook.nearest_role(id)
	if near then
		return "did you mean '" .. near .. "'? Or add roles/" .. id .. ".md"
	end
	return "add roles/" .. id .. ".md, or fix the id"
end

return {
	id = "missing-role",
	severity = "error",
	description = "A role is named that has no file in roles/.",
	help = "Every role id used in [[@id]], owner=, roles= or book.lua `roles` must be the id "
		.. "of a file in roles/ (its {#id}, else the file name without .md); so must book.lua `owner`.",
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.kind == "role" and ref.status == "undefined" then
				report(ref, "role '" .. ref.target .. "' has no file in roles/", hint_for(ref.target))
			end
		end
		for _, st in ipairs(book.stages) do
			if st.owner and st.owner ~= "" and not st.owner_role then
				report(st.owner_at, "stage '" .. st.id .. "' is owned by role '" .. st.owner
					.. "', which has no file in roles/", hint_for(st.owner))
			end
		end
		for _, role in ipairs(book.roles) do
			if role.owner and not role.owner_role then
				report(role.owner_at, "the standard of role '" .. role.id .. "' is maintained by role '"
					.. role.owner .. "', which has no file in roles/", hint_for(role.owner))
			end
		end
		if book.config.owner and not svcbook.find_role(book.config.owner) then
			report(book.config.owner_at, "book.lua names role '" .. book.config.owner
				.. "' as the book's owner, which has no file in roles/", hint_for(book.config.owner))
		end
		for _, sec in ipairs(book.appearance) do
			for _, id in ipairs(sec.roles) do
				if id ~= "all" and not svcbook.find_role(id) then
					report(sec.roles_at, "appearance section '" .. sec.title .. "' covers role '" .. id
						.. "', which has no file in roles/", hint_for(id))
				end
			end
		end
		if book.config.roles then
			for _, r in ipairs(book.config.roles) do
				if not svcbook.find_role(r.id) then
					report(r, "book.lua lists role '" .. r.id .. "', which has no file in roles/",
						hint_for(r.id))
				end
			end
		end
	end,
}
