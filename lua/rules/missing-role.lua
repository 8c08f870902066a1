-- missing-role: a role named by id ([[@id]], owner= on a stage or a role,
-- roles=, book.lua roles and owner)
-- that has no file in roles/. Ids are compared exactly.
-- The role id meant: svcbook.nearest_role, the nearest by spelling, else
-- by words at the hyphens (mechanic-senior -> mechanic, vet-nurse ->
-- veterinary-nurse: too far by edit distance, yet plainly the role meant),
-- as audit and reread hint.
local function hint_for(book, id)
	local near = svcbook.nearest_role(id)
	if near then
		return svcbook._("did you mean '%s'? Or add roles/%s.md"):format(near, id)
	end
	return svcbook._("add roles/%s.md, or fix the id"):format(id)
end

return {
	id = "missing-role",
	severity = "error",
	description = N_("A role is named that has no file in roles/."),
	help = N_("Every role id used in [[@id]], owner=, roles= or book.lua `roles` must be the id "
		.. "of a file in roles/ (its {#id}, else the file name without .md); so must book.lua `owner`."),
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.kind == "role" and ref.status == "undefined" then
				report(ref, svcbook._("role '%s' has no file in roles/"):format(ref.target), hint_for(book, ref.target))
			end
		end
		for _, st in ipairs(book.stages) do
			if st.owner and st.owner ~= "" and not st.owner_role then
				-- the stage by its title, as stage-without-owner names it
				report(st.owner_at, svcbook._("stage '%s' is owned by role '%s', which has no file in roles/")
				:format(st.clause and st.clause.title or st.id, st.owner), hint_for(book, st.owner))
			end
		end
		for _, role in ipairs(book.roles) do
			if role.owner and not role.owner_role then
				report(role.owner_at, svcbook._("the standard of role '%s' is maintained by role '%s', which has no file in roles/")
				:format(role.id, role.owner), hint_for(book, role.owner))
			end
		end
		if book.config.owner and not svcbook.find_role(book.config.owner) then
			report(book.config.owner_at, svcbook._("book.lua names role '%s' as the book's owner, which has no file in roles/")
			:format(book.config.owner), hint_for(book, book.config.owner))
		end
		for _, sec in ipairs(book.appearance) do
			for _, id in ipairs(sec.roles) do
				if id ~= "all" and not svcbook.find_role(id) then
					report(sec.roles_at, svcbook._("appearance section '%s' covers role '%s', which has no file in roles/")
					:format(sec.title, id), hint_for(book, id))
				end
			end
		end
		if book.config.roles then
			for _, r in ipairs(book.config.roles) do
				if not svcbook.find_role(r.id) then
					report(r, svcbook._("book.lua lists role '%s', which has no file in roles/"):format(r.id),
					hint_for(book, r.id))
				end
			end
		end
	end,
}
