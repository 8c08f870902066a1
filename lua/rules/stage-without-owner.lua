-- stage-without-owner: every journey stage needs the one role responsible.
return {
	id = "stage-without-owner",
	severity = "error",
	description = N_("A journey stage has no owner."),
	help = N_("Each level-2 heading of journey.md is a stage; give it the role responsible: "
		.. "## Name {#stage-id owner=role-id}."),
	check = function(book, report)
		for _, st in ipairs(book.stages) do
			if not st.owner or st.owner == "" then
				report(st, svcbook._("stage '%s' has no owner"):format(st.name),
				svcbook._("add owner=ROLE-ID to its heading: {#%s owner=...}"):format(st.id))
			end
		end
	end,
}
