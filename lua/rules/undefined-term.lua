-- undefined-term: a [[...]] reference that matches no term, role, stage or
-- clause. Exact by construction: the resolver's own verdict (the matcher
-- accepts every inflected form), never a second guess.
-- The fix a did-you-mean offers: [[raw]] with the target replaced, when
-- the source holds exactly that text at the reference (a safe edit).
local function fix_for(ref, prefix, near)
	local line = svcbook.source_line(ref.file, ref.line)
	local written = "[[" .. ref.raw .. "]]"
	local at = prefix .. ref.target
	if not line or line:sub(ref.col, ref.col + #written - 1) ~= written or ref.raw:sub(1, #at) ~= at then
		return nil
	end
	return {
		range = { line = ref.line, col = ref.col, end_col = ref.col + #written },
		replacement = "[[" .. prefix .. near .. ref.raw:sub(#at + 1) .. "]]",
	}
end

return {
	id = "undefined-term",
	severity = "error",
	description = "A [[...]] reference matches no term, role, stage or clause.",
	help = "Names match in any grammatical form (stems), ignoring case and ё/е. "
		.. "Define the term in terms.md (or add it to a term's aka=\"...\"), "
		.. "fix the spelling, or refer by id with [[#id]].",
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.status == "undefined" and (ref.kind == "name" or ref.kind == "id") then
				if ref.kind == "name" then
					local near = svcbook.nearest(ref.target, 5)
					local hint
					if #near > 0 then
						local shown = {}
						for i, n in ipairs(near) do
							shown[i] = "[[" .. n .. "]]"
						end
						hint = svcbook._("did you mean %s?"):format(table.concat(shown, ", "))
					end
					report{ at = ref, message = svcbook._("undefined reference [[%s]]: no term, role, stage or clause has this name")
						:format(ref.raw), hint = hint,
						-- one candidate only: a choice is the author's
						fix = #near == 1 and fix_for(ref, "", near[1]) or nil }
				else
					local near = svcbook.nearest_id(ref.target)
					report{ at = ref, message = svcbook._("undefined reference [[%s]]: no clause has the id '%s'")
						:format(ref.raw, ref.target), hint = near and svcbook._("did you mean [[#%s]]?"):format(near) or nil,
						fix = near and fix_for(ref, "#", near) or nil }
				end
			end
		end
	end,
	-- svcbook lint --test-rules runs these (docs/rules.md, "Testing a rule")
	tests = {
		{ name = "a misspelt name", text = {
			["terms.md"] = "# Terms\n\n## Customer {#customer}\n\nA person who buys from us.\n",
			["general.md"] = "# General\n\nAsk the [[custmer]] and the [[Customer]].\n" },
			expect = { "[[custmer]]" } },
		{ name = "an id no clause has", text = "## Greeting {#greeting}\n\nThe agent must greet, as [[#greting]] says.\n",
			expect = { "[[#greting]]" } },
		{ name = "an inflected form resolves", language = "ru", text = {
			["terms.md"] = "# Термины\n\n## Клиент {#client}\n\nТот, кто покупает.\n",
			["general.md"] = "# Общие положения\n\nМы уважаем [[клиента]] и [[клиентов]].\n" },
			expect = {} },
	},
}
