-- duplicate-term: one term defined twice: two terms (names or aka) that
-- match each other in some grammatical form.
return {
	id = "duplicate-term",
	severity = "error",
	description = "A term is defined twice (by name or aka, in any grammatical form).",
	help = "Each term has one definition; merge the two, or list the other name in aka=\"...\".",
	check = function(book, report)
		local owners = {} -- key -> list of {term, name}: one key may be two words
		for _, t in ipairs(book.terms) do
			local names = { { t.name, t } }
			for i, a in ipairs(t.aka) do
				names[#names + 1] = { a, t.aka_at[i] }
			end
			local mine = {}
			for _, n in ipairs(names) do
				local k = svcbook.key(n[1])
				if k ~= "" and not mine[k] then
					mine[k] = true
					owners[k] = owners[k] or {}
					local first
					for _, o in ipairs(owners[k]) do
						-- визит and виза share a key: their lemmas tell them apart
						if not first and o.term ~= t and svcbook.same(n[1], o.name) then
							first = o
						end
					end
					if first then
						report(n[2], svcbook._("term '%s' is already defined as '%s'"):format(n[1], first.name),
						svcbook._("first defined at %s:%d"):format(first.term.file, first.term.line))
					else
						table.insert(owners[k], { term = t, name = n[1] })
					end
				end
			end
		end
	end,
}
