-- duplicate-term: one term defined twice: two terms (names or aka) that
-- match each other in some grammatical form.
return {
	id = "duplicate-term",
	severity = "error",
	description = N_("A term is defined twice (by name or aka, in any grammatical form)."),
	help = N_("Each term has one definition; merge the two, or list the other name in aka=\"...\"."),
	check = function(book, report)
		local owners = {} -- key -> list of {term, name, at}: one key may be two words
		-- name (at: where it is written) of term t; mine: the keys t had
		-- before, nil for its first name (tables made only where needed:
		-- this rule made five a term on a book of thousands)
		local function add(t, name, at, mine)
			local k = svcbook.key(name)
			if k == "" or mine and mine[k] then
				return k
			end
			local list = owners[k]
			local first
			if list then
				for _, o in ipairs(list) do
					-- визит and виза share a key: their lemmas tell them apart
					if not first and o.term ~= t and svcbook.same(name, o.name) then
						first = o
					end
				end
			else
				list = {}
				owners[k] = list
			end
			if first then
				report(at, svcbook._("term '%s' is already defined as '%s'"):format(name, first.name),
				-- file:line:col of that name, as duplicate-id says where
				svcbook._("first defined at %s:%d:%d"):format(first.at.file, first.at.line, first.at.col))
			else
				list[#list + 1] = { term = t, name = name, at = at }
			end
			return k
		end
		for _, t in ipairs(book.terms) do
			local k = add(t, t.name, t, nil)
			local mine
			for i, a in ipairs(t.aka) do
				if not mine then
					mine = {}
					if k ~= "" then mine[k] = true end
				end
				local ka = add(t, a, t.aka_at[i], mine)
				if ka ~= "" then mine[ka] = true end
			end
		end
	end,
}
