-- stage-not-covered: the owner of a stage has no section for it.
return {
	id = "stage-not-covered",
	severity = "warning",
	description = N_("The owner of a journey stage has no section with stage= that stage."),
	help = N_("The role that owns a stage says what to do in it: add a section with "
		.. "{stage=STAGE-ID} to the owner's file in roles/."),
	check = function(book, report)
		for _, st in ipairs(book.stages) do
			local role = st.owner_role
			if role then
				local covered = false
				for _, sec in ipairs(role.sections) do
					if sec.stage == st.id then
						covered = true
						break
					end
				end
				if not covered then
					-- the role and the stage by the names the reader knows; the
					-- stage's id only where the author writes it
					report(st.owner_at, svcbook._("role '%s' owns stage '%s' but its standard has no section for it (stage=%s)")
					:format(role.name, st.name, st.id),
					svcbook._("add a section such as '## %s {stage=%s}' to %s"):format(st.name, st.id, role.file))
				end
			end
		end
	end,
}
