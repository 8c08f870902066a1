-- undefined-term: a [[...]] reference that matches no term, role, stage or
-- clause. Exact by construction: the resolver's own verdict (the matcher
-- accepts every inflected form), never a second guess.
return {
	id = "undefined-term",
	severity = "error",
	description = "A [[...]] reference matches no term, role, stage or clause.",
	help = "Names match in any grammatical form (stems), ignoring case and ё/е. "
		.. "Define the term in terms.md (or add it to a term's aka=\"...\"), "
		.. "fix the spelling, or refer by id with [[#id]].",
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.status == "undefined" and (ref.kind == "name" or ref.kind == "id") then
				if ref.kind == "name" then
					local near = svcbook.nearest(ref.target, 5)
					local hint
					if #near > 0 then
						local shown = {}
						for i, n in ipairs(near) do
							shown[i] = "[[" .. n .. "]]"
						end
						hint = "did you mean " .. table.concat(shown, ", ") .. "?"
					end
					report(ref, "undefined reference [[" .. ref.raw
						.. "]]: no term, role, stage or clause has this name", hint)
				else
					local near = svcbook.nearest_id(ref.target)
					report(ref, "undefined reference [[" .. ref.raw .. "]]: no clause has the id '"
						.. ref.target .. "'", near and ("did you mean [[#" .. near .. "]]?") or nil)
				end
			end
		end
	end,
}
