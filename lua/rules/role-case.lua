-- role-case: [[@id]] shows the role's name as its heading has it, in the
-- nominative; after a preposition or a verb that governs another case
-- ("к [[@shift-manager]]" reads «к Руководитель смены») the name must be
-- written inflected, as a [[name]] reference, which finds the role in any
-- form. Russian books only; the preceding word decides, on the reference's
-- line or at the end of the line before.

-- The word before the reference -> the case it governs. Prepositions whose
-- case depends on the meaning (в, на, за, с with the genitive) are left out.
local governs = {
	["к"] = "dat", ["ко"] = "dat", ["по"] = "dat", ["благодаря"] = "dat", ["согласно"] = "dat",
	["вопреки"] = "dat",
	["от"] = "gen", ["у"] = "gen", ["для"] = "gen", ["без"] = "gen", ["до"] = "gen",
	["после"] = "gen", ["кроме"] = "gen", ["вместо"] = "gen", ["среди"] = "gen",
	["против"] = "gen", ["возле"] = "gen", ["около"] = "gen", ["ради"] = "gen",
	["с"] = "ins", ["со"] = "ins", ["перед"] = "ins", ["над"] = "ins", ["между"] = "ins",
	["о"] = "pre", ["об"] = "pre", ["обо"] = "pre", ["при"] = "pre",
	-- verbs of passing on and calling, as standards write them
	["сообщите"] = "dat", ["сообщить"] = "dat", ["сообщает"] = "dat",
	["передайте"] = "dat", ["передать"] = "dat", ["передаёт"] = "dat", ["передает"] = "dat",
	["позвоните"] = "dat", ["позвонить"] = "dat", ["доложите"] = "dat", ["доложить"] = "dat",
	["напишите"] = "dat", ["написать"] = "dat", ["поручите"] = "dat", ["подчиняется"] = "dat",
	["пригласите"] = "acc", ["пригласить"] = "acc", ["вызовите"] = "acc", ["вызвать"] = "acc",
	["уведомите"] = "acc", ["уведомить"] = "acc", ["привлеките"] = "acc", ["привлечь"] = "acc",
	["попросите"] = "acc", ["попросить"] = "acc", ["известите"] = "acc", ["известить"] = "acc",
}

-- N_ marks a msgid for xgettext; svcbook._ translates it where it is shown
local case_names = { gen = N_("genitive"), dat = N_("dative"), acc = N_("accusative"),
	ins = N_("instrumental"), pre = N_("prepositional") }

-- The last word of s (letters only), folded; nil when s ends with no word.
-- Read from the end: s reversed, each pattern anchored where the trailing
-- spaces and emphasis marks end is tried there once, where "...$" would be
-- tried at every byte of the line (most of this rule's time).
local function last_word(s)
	local r = s:reverse()
	local k = r:match("^[%s%*_`]*()")
	if r:find("^[%p]", k) then
		return nil -- "…, [[@x]]": a list or a new clause, not a governed name
	end
	local w = r:match("^[%a\128-\255]+", k)
	return w and svcbook.fold(w:reverse())
end

local function word_before(ref)
	local line = svcbook.source_line(ref.file, ref.line)
	if not line then
		return nil
	end
	local before = line:sub(1, ref.col - 1)
	if before:match("^%s*$") and ref.line > 1 then
		before = svcbook.source_line(ref.file, ref.line - 1) or ""
	end
	return last_word(before)
end

return {
	id = "role-case",
	severity = "warning",
	description = N_("[[@id]] after a word that governs another case shows the role's name in the nominative."),
	help = N_("[[@id]] shows the name as the role's heading has it. After «к», «от», «с», «сообщите»… "
		.. "write the name in the case the sentence needs, as a name reference: «к [[руководителю смены]]» "
		.. "finds the role as [[@shift-manager]] does."),
	check = function(book, report)
		if book.language ~= "ru" then
			return
		end
		for _, ref in ipairs(book.role_refs) do
			if ref.status == "ok" and ref.target_kind == "role" then
				local w = word_before(ref)
				local case = w and governs[w]
				if case then
					local role = svcbook.find_role(ref.target)
					local form = role and svcbook.inflect(role.name, case)
					local msg = string.format(svcbook._("[[@%s]] after «%s» shows «%s %s»: the name needs the %s case"),
						ref.target, w, w, role and role.name or ref.target, svcbook._(case_names[case]))
					if form and svcbook.same(form, role.name) then
						local written = "[[" .. ref.raw .. "]]"
						local line = svcbook.source_line(ref.file, ref.line)
						local fix
						if line and line:sub(ref.col, ref.col + #written - 1) == written then
							fix = {
								range = { line = ref.line, col = ref.col, end_col = ref.col + #written },
								replacement = "[[" .. form .. "]]",
							}
						end
						report{ at = ref, message = msg, fix = fix,
							hint = string.format(svcbook._("write «%s [[%s]]»: a name in any form finds the role, as [[@%s]] does"),
								w, form, ref.target) }
					else
						report{ at = ref, message = msg,
							hint = svcbook._("write the role's name in that case as a name reference, [[...]]") }
					end
				end
			end
		end
	end,
}
