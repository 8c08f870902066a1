-- no-obligation: a section of a role's standard that obliges nothing.
return {
	id = "no-obligation",
	severity = "warning",
	-- in English only: the Russian catalogue names the Russian words
	description = N_("A section of a role's standard has no obligation (no must, should, may...) "
		.. "in it or its sub-sections."),
	help = N_("A standard says what staff must, should, may or must not do: write the duty with a "
		.. "modal word (\"The agent must call back within 2 hours\"), or move the explanation "
		.. "out of the role's file. docs/format.md lists the words of each language."),
	check = function(book, report)
		-- whether a clause or any clause below it has an obligation, found
		-- down the tree: for a section's parent outside the role's
		-- sections (a file with no role heading), which is rare
		local memo = {}
		local function any(c)
			local v = memo[c]
			if v == nil then
				v = c.obligation_count > 0
				for _, k in ipairs(c.children) do
					v = any(k) or v
				end
				memo[c] = v
			end
			return v
		end
		-- the messages translated once, not per finding
		local message = svcbook._("section '%s %s' of role '%s' has no obligation")
		local hint = svcbook._("say what the %s must, should, may or must not do here")
		for _, role in ipairs(book.roles) do
			local top = role.clause
			-- the sections come in clause order, each after its parent and
			-- with every section below it: read from the last, a section
			-- obliges when it or one below it does (its count and its
			-- parent read once each, not its children's list)
			local secs, parents, mine = {}, {}, {}
			for i, sec in ipairs(role.sections) do
				secs[i], parents[i], mine[sec] = sec, sec.parent, true
			end
			local obliges = {}
			for i = #secs, 1, -1 do
				local sec = secs[i]
				if obliges[sec] or sec.obligation_count > 0 then
					obliges[sec] = true
					obliges[parents[i]] = true
				end
			end
			-- the role's id and hint made at its first finding, once: the
			-- hint is long, and string.format copies a byte at a time
			local id, role_hint
			for i, sec in ipairs(secs) do
				-- the topmost section without one: its sub-sections are not reported again
				local parent = parents[i]
				if not obliges[sec] and (parent == top or (mine[parent] and obliges[parent]) or
					(not mine[parent] and any(parent))) then
					id = id or role.id
					role_hint = role_hint or hint:format(role.name)
					report(sec, message:format(sec.number, sec.title, id), role_hint)
				end
			end
		end
	end,
	tests = {
		{ name = "a section that obliges no one", text = "## Greeting\n\nA greeting is nice.\n",
			expect = { "1.1.1 Greeting" } },
		{ name = "must, and a sub-section's obligation", text = "## Greeting\n\nThe agent must greet.\n\n## Farewell\n\n### Words\n\nThe agent should say goodbye.\n",
			expect = {} },
		{ name = "only the topmost section", text = "## Farewell\n\n### Words\n\nGoodbye.\n",
			expect = { count = 1 } },
	},
}
