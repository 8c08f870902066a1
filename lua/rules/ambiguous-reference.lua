-- ambiguous-reference: a [[name]] that matches two or more things of the
-- kind that wins the look-up (terms before roles before stages before clauses).
return {
	id = "ambiguous-reference",
	severity = "error",
	description = N_("A [[...]] reference matches more than one thing."),
	help = N_("Two terms, roles, stages or clause titles share this name in some "
		.. "grammatical form. Refer to one by id, [[#id]] or [[#id|text]], or rename one."),
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.status == "ambiguous" then
				local parts = {}
				for i, c in ipairs(ref.candidates) do
					parts[i] = string.format("%s %s (#%s, %s:%d)", c.number, c.title, c.id, c.file, c.line)
				end
				report(ref, svcbook._("ambiguous reference [[%s]]"):format(ref.raw),
					svcbook._("it could be %s; write [[#id]] or [[#id|text]] to choose one")
						:format(table.concat(parts, ", ")))
			end
		end
	end,
}
