-- no-obligation: a section of a role's standard that obliges nothing.
return {
	id = "no-obligation",
	severity = "warning",
	description = "A section of a role's standard has no obligation (no должен, следует, может, "
		.. "запрещено...; must, should, may...) in it or its sub-sections.",
	help = "A standard says what staff must, should, may or must not do: write the duty with a "
		.. "modal word (\"Оператор должен перезвонить в течение 2 часов\", \"The agent must ...\"), "
		.. "or move the explanation out of the role's file. docs/format.md lists the words.",
	check = function(book, report)
		-- whether a clause or any clause below it has an obligation
		local obliges = {}
		local function any(c)
			local v = obliges[c]
			if v == nil then
				v = c.obligation_count > 0
				for _, k in ipairs(c.children) do
					v = any(k) or v
				end
				obliges[c] = v
			end
			return v
		end
		-- the messages translated once, not per finding
		local message = svcbook._("section '%s %s' of role '%s' has no obligation")
		local hint = svcbook._("say what the %s must, should, may or must not do here "
			.. "(должен, следует, может, запрещено; must, should, may, must not)")
		for _, role in ipairs(book.roles) do
			local top = role.clause
			for _, sec in ipairs(role.sections) do
				-- the topmost section without one: its sub-sections are not reported again
				local parent = sec.parent
				if not any(sec) and (parent == top or any(parent)) then
					report(sec, message:format(sec.number, sec.title, role.id), hint:format(role.name))
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
