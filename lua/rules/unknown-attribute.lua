-- unknown-attribute: a heading attribute the compiler does not use in that
-- chapter (a typo is otherwise silently dropped).
return {
	id = "unknown-attribute",
	severity = "warning",
	description = N_("A heading attribute is not one the compiler knows in that chapter."),
	help = N_("Known attributes: aka= in terms.md; level= and line= on a role's level-1 heading "
		.. "and stage= in roles/; owner= in journey.md; roles= in appearance.md; weight= and audit= "
		.. "in roles/ and appearance.md (the audit checklists). Anything else "
		.. "is ignored."),
	check = function(book, report)
		for _, c in ipairs(book.clauses) do
			-- one report per unknown key and heading; a table only for a
			-- heading with attributes (most have none)
			local seen
			for _, a in ipairs(c.attrs) do
				seen = seen or {}
				if not seen[a.key] and c.chapter == "roles" and c.depth > 1
					and (a.key == "level" or a.key == "line") then
					-- a role's level and line are read from its own heading only
					seen[a.key] = true
					report(a, svcbook._("%s= on section '%s' is ignored: it belongs on the role's level-1 heading")
						:format(a.key, c.title), svcbook._("move it to the '# ...' heading of %s"):format(c.file))
				elseif not seen[a.key] and not svcbook.known_attribute(c.chapter, a.key) then
					seen[a.key] = true
					-- the compiler's own schema (src/headattr.c), so the two never differ
					local known = svcbook.attributes(c.chapter)
					local near = svcbook.nearest_string(a.key, known)
					local hint
					if near then
						hint = svcbook._("did you mean %s=?"):format(near)
					elseif #known > 0 then
						hint = svcbook._("attributes known in %s: %s"):format(c.chapter, table.concat(known, ", "))
					else
						hint = svcbook._("headings in %s take only {#id}"):format(c.chapter)
					end
					report(a, svcbook._("unknown attribute '%s' on heading '%s'"):format(a.key, c.title), hint)
				end
			end
		end
	end,
}
