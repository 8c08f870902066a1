-- unknown-stage: a role's section says stage= but no stage of the journey
-- has that id (a typo, or a stage renamed), so the section is tied to
-- nothing and its "standard for the stage" line is left out.
return {
	id = "unknown-stage",
	severity = "error",
	description = N_("A role section's stage= names no stage of the journey."),
	help = N_("stage= takes the id of a level-2 heading of journey.md, as in "
		.. "{stage=first-call}; svcbook dump lists the stages."),
	check = function(book, report)
		local ids, known = {}, {}
		for _, st in ipairs(book.stages) do
			ids[#ids + 1] = st.id
			known[st.id] = true
		end
		for _, c in ipairs(book.clauses) do
			if c.chapter == "roles" and c.stage and not known[c.stage] then
				local hint
				local near = svcbook.nearest_string(c.stage, ids)
				if near then
					hint = svcbook._("did you mean stage=%s?"):format(near)
				elseif #ids == 0 then
					hint = svcbook._("the book has no journey stages: add them to journey.md")
				else
					hint = svcbook._("stages: %s"):format(table.concat(ids, ", "))
				end
				report(c.stage_at, svcbook._("section '%s' names stage '%s', which the journey does not have")
					:format(c.title, c.stage), hint)
			end
		end
	end,
}
