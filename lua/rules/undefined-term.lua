-- undefined-term: a [[...]] reference that matches no term, role, stage or
-- clause. Exact by construction: the resolver's own verdict (the matcher
-- accepts every inflected form), never a second guess.
--
-- The fix a did-you-mean offers must never make the text worse: a misspelt
-- [[клиенут]] is a form of Клиент in some case svcbook cannot see, and the
-- name itself ([[Клиент]]) would be the wrong case and a capital in the
-- middle of a sentence. So the fix is the form of the target nearest to what
-- was written, in the writer's capitalisation, and only when one form is
-- nearer than every other: клиенут is one letter from both клиенту and
-- клиент, and is left to the author with the hint.

local CASES = { "gen", "dat", "acc", "ins", "pre" }
local CHAR = "[%z\1-\127\194-\244][\128-\191]*"

-- Damerau-Levenshtein (optimal string alignment) distance in characters: a
-- swapped pair of letters (клиенут) is one slip, not two.
local function distance(a, b)
	local x, y = {}, {}
	for c in a:gmatch(CHAR) do x[#x + 1] = c end
	for c in b:gmatch(CHAR) do y[#y + 1] = c end
	local d = {}
	for i = 0, #x do
		d[i] = { [0] = i }
	end
	for j = 1, #y do
		d[0][j] = j
	end
	for i = 1, #x do
		for j = 1, #y do
			local cost = x[i] == y[j] and 0 or 1
			local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
			if i > 1 and j > 1 and x[i] == y[j - 1] and x[i - 1] == y[j] then
				v = math.min(v, d[i - 2][j - 2] + 1)
			end
			d[i][j] = v
		end
	end
	return d[#x][#y]
end

-- form in the capitalisation of written: "Клиенут" -> "Клиенту".
local function as_written(written, form)
	local first = written:match("^" .. CHAR)
	if first and first ~= svcbook.lower(first) then
		local f1 = form:match("^" .. CHAR) or ""
		return svcbook.upper(f1) .. form:sub(#f1 + 1)
	end
	return form
end

-- The forms of name svcbook can vouch for, in lower case: the name, its
-- cases (Russian), the dictionary's words near what was written, the forms
-- the book itself writes; each one the resolver finds name by.
local function forms_of(book, name, written)
	local key = svcbook.key(name)
	local out, seen = {}, {}
	local function add(f)
		if not f or f == "" then
			return
		end
		local l = svcbook.lower(f)
		if not seen[l] then
			seen[l] = true
			if svcbook.key(l) == key and svcbook.same(l, name) then
				out[#out + 1] = l
			end
		end
	end
	add(name)
	if book.language == "ru" then
		for _, c in ipairs(CASES) do
			add(svcbook.inflect(name, c))
		end
	end
	if #svcbook.words(written) == 1 then
		for _, s in ipairs(svcbook.suggest(written, 10)) do
			add(s)
		end
	end
	for _, t in ipairs(book.terms) do
		if t.name == name then
			for _, u in ipairs(t.uses) do
				add(u.target)
			end
		end
	end
	return out
end

-- The one form of name nearest to written, as written; nil when two forms
-- are as near, or none is near enough to be a slip of the pen.
local function best_form(book, name, written)
	local w = svcbook.lower(written)
	local best, second, found = math.huge, math.huge, nil
	for _, f in ipairs(forms_of(book, name, written)) do
		local d = distance(w, f)
		if d < best then
			best, second, found = d, best, f
		elseif d < second then
			second = d
		end
	end
	if not found or best > 2 or second == best then
		return nil
	end
	return as_written(written, found)
end

-- [[raw]] with the target replaced by text, when the source holds exactly
-- that text at the reference (a safe edit).
local function fix_for(ref, prefix, text)
	local line = svcbook.source_line(ref.file, ref.line)
	local written = "[[" .. ref.raw .. "]]"
	local at = prefix .. ref.target
	if not line or line:sub(ref.col, ref.col + #written - 1) ~= written or ref.raw:sub(1, #at) ~= at then
		return nil
	end
	return {
		range = { line = ref.line, col = ref.col, end_col = ref.col + #written },
		replacement = "[[" .. prefix .. text .. ref.raw:sub(#at + 1) .. "]]",
	}
end

return {
	id = "undefined-term",
	severity = "error",
	description = N_("A [[...]] reference matches no term, role, stage or clause."),
	help = N_("Names match in any grammatical form (stems), ignoring case and ё/е. "
		.. "Define the term in terms.md (or add it to a term's aka=\"...\"), "
		.. "fix the spelling, or refer by id with [[#id]]."),
	check = function(book, report)
		for _, ref in ipairs(book.unresolved) do
			if ref.status == "undefined" and (ref.kind == "name" or ref.kind == "id") then
				if ref.kind == "name" then
					local near = svcbook.nearest(ref.target, 5)
					-- one candidate only: a choice is the author's
					local form = #near == 1 and best_form(book, near[1], ref.target) or nil
					local fix = form and fix_for(ref, "", form) or nil
					local hint
					if fix then
						hint = svcbook._("did you mean %s?"):format("[[" .. form .. "]]")
					elseif #near > 0 then
						local shown = {}
						for i, n in ipairs(near) do
							shown[i] = "[[" .. n .. "]]"
						end
						hint = svcbook._("did you mean %s?"):format(table.concat(shown, ", "))
					end
					report{ at = ref, message = svcbook._("undefined reference [[%s]]: no term, role, stage or clause has this name")
						:format(ref.raw), hint = hint, fix = fix }
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
