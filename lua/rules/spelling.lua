-- spelling: a word of the prose the dictionary of the book's language
-- (Hunspell: hunspell-ru, hunspell-en-us, hunspell-en-gb) does not know. Code, references,
-- link targets and URLs are not prose; the words of terms, roles and
-- stages are accepted in any form, and so are the book's dictionary.txt
-- words. The dictionary's suggestions are a hint, never a fix: a
-- dictionary cannot tell a typo from a right word it lacks (colour,
-- behaviour: en_US's only suggestion is the American spelling; a name; a
-- loanword), and a pre-commit `lint --fix` must not rewrite right text.
-- The one certain fix is a capital: the dictionary's first suggestion is
-- the word in other letter case (english -> English, москва -> Москва).
return {
	id = "spelling",
	severity = "warning",
	description = N_("A word the dictionary of the book's language does not know."),
	help = N_("Fix the typo, or add the word to dictionary.txt in the book folder "
		.. "(one a line; a word it inflects like after it: «чекаут клиент»)."),
	check = function(book, report)
		local limit, asked, cache = 5, 0, {}
		for _, m in ipairs(svcbook.misspelled()) do
			-- Hunspell takes 0.1-0.3 s to suggest for a Russian word: each
			-- word once, the first five words only (the rule's time limit);
			-- false: not looked up
			local sug = cache[m.word]
			if sug == nil then
				sug = false
				if asked < limit then
					asked = asked + 1
					sug = svcbook.suggest(m.word, 3)
				end
				cache[m.word] = sug
			end
			local hint, fix
			if not sug then
				-- said plainly: "add it if it is right" alone read as if
				-- the dictionary had found nothing wrong with a typo
				hint = svcbook._("no suggestion looked up: lint asks the dictionary only about the first %d "
					.. "unknown words, as each takes up to 0.3 s; fix the typo, or add the word to "
					.. "dictionary.txt if it is right"):format(limit)
			elseif #sug > 0 then
				hint = svcbook._("did you mean %s? Or add it to dictionary.txt"):format(table.concat(sug, ", "))
				if sug[1] ~= m.word and svcbook.lower(sug[1]) == svcbook.lower(m.word) then
					fix = { range = { line = m.line, col = m.col, end_col = m.col + #m.word }, replacement = sug[1] }
				end
			else
				hint = svcbook._("the dictionary knows no word like it: fix the typo, or add the word to "
					.. "dictionary.txt if it is right")
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
