-- duplicate-term: one term defined twice: two terms (names or aka) that
-- match each other in some grammatical form.
return {
	id = "duplicate-term",
	severity = "error",
	description = "A term is defined twice (by name or aka, in any grammatical form).",
	help = "Each term has one definition; merge the two, or list the other name in aka=\"...\".",
	check = function(book, report)
		local owner = {} -- key -> {term, name}
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
					local first = owner[k]
					if first and first.term ~= t then
						report(n[2], string.format("term '%s' is already defined as '%s'", n[1], first.name),
							string.format("first defined at %s:%d", first.term.file, first.term.line))
					elseif not first then
						owner[k] = { term = t, name = n[1] }
					end
				end
			end
		end
	end,
}
