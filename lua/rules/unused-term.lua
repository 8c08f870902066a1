-- unused-term: a term no reference points to.
return {
	id = "unused-term",
	severity = "warning",
	description = N_("A term is defined but never referred to."),
	help = N_("Refer to the term with [[name]] where it is used (any grammatical form), or "
		.. "remove it from the glossary. book.lua autolink_terms = \"first\" links plain-text uses."),
	check = function(book, report)
		for _, t in ipairs(book.terms) do
			if t.use_count == 0 then
				report(t, svcbook._("term '%s' is never referred to"):format(t.name),
				svcbook._("write [[%s]] where the term is used"):format(t.name))
			end
		end
	end,
}
