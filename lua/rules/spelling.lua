-- spelling: a word of the prose the dictionary of the book's language
-- (Hunspell: hunspell-ru, hunspell-en-us) does not know. Code, references,
-- link targets and URLs are not prose; the words of terms, roles and
-- stages are accepted in any form, and so are the book's dictionary.txt
-- words. The dictionary's suggestions are the hint; the first is the fix.
return {
	id = "spelling",
	severity = "warning",
	description = N_("A word the dictionary of the book's language does not know."),
	help = "Fix the typo, or add the word to dictionary.txt in the book folder "
		.. "(one a line; a word it inflects like after it: «чекаут клиент»).",
	check = function(book, report)
		local asked, cache = 0, {}
		for _, m in ipairs(svcbook.misspelled()) do
			-- Hunspell takes 0.1-0.3 s to suggest for a Russian word: each
			-- word once, the first five words only (the rule's time limit)
			local sug = cache[m.word]
			if not sug then
				sug = {}
				if asked < 5 then
					asked = asked + 1
					sug = svcbook.suggest(m.word, 3)
				end
				cache[m.word] = sug
			end
			local hint, fix
			if #sug > 0 then
				hint = svcbook._("did you mean %s? Or add it to dictionary.txt"):format(table.concat(sug, ", "))
				fix = { range = { line = m.line, col = m.col, end_col = m.col + #m.word }, replacement = sug[1] }
			else
				hint = svcbook._("add it to dictionary.txt if it is right")
			end
			report{ at = m, message = svcbook._("unknown word '%s'"):format(m.word), hint = hint, fix = fix }
		end
	end,
	tests = {
		{ name = "an unknown word, not a term's", text = {
			["terms.md"] = "# Terms\n\n## Zorblax {#zorblax}\n\nA person who buys from us.\n",
			["general.md"] = "# General\n\nThe operator calls the custmer, and every [[Zorblax]] and Zorblax.\n" },
			expect = { "custmer" } },
	},
}
