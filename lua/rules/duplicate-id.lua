-- duplicate-id: two headings with one {#id}. The reader keeps ids unique
-- (the later one gets a -N suffix); the id as written shows the clash.
return {
	id = "duplicate-id",
	severity = "error",
	description = N_("Two headings have the same id."),
	help = N_("Ids are unique across the whole book: links, anchors, DocBook xml:id and the "
		.. "diff key on them. Rename one {#id}."),
	check = function(book, report)
		for _, c in ipairs(book.clauses) do
			local w = c.written_id
			if w and w ~= c.id then
				local first = svcbook.find_id(w)
				if first and first ~= c then
					report(c.id_at, svcbook._("duplicate id '%s'"):format(w),
					svcbook._("first defined at %s:%d:%d"):format(first.file, first.line, first.col))
				end
			end
		end
	end,
}
