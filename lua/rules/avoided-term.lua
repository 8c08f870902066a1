-- avoided-term: a word a term's avoid="..." lists (a slang or outdated name
-- for it), in any inflected form: the matcher's key compares stems, so
-- avoid="юзер" finds "юзера" and "юзерами". The fix is the term's name in
-- the same grammatical form where the term allows (its name is its own stem:
-- "юзером" -> "клиентом"), else only for the avoided word's own form.
local function split(list)
	local out = {}
	for item in list:gmatch("[^,]+") do
		item = item:gsub("^%s+", ""):gsub("%s+$", "")
		if item ~= "" then out[#out + 1] = item end
	end
	return out
end

-- The word's case form: "Юзер" -> "Клиент", "ЮЗЕР" -> "КЛИЕНТ".
local function same_case(word, text)
	if word == svcbook.upper(word) and word ~= svcbook.lower(word) and #svcbook.words(word) == 1
		and utf8.len(word) and utf8.len(word) > 1 then
		return svcbook.upper(text)
	end
	local first = word:match("^[%z\1-\127\194-\244][\128-\191]*")
	if first and first ~= svcbook.lower(first) then
		local t1 = text:match("^[%z\1-\127\194-\244][\128-\191]*") or ""
		return svcbook.upper(t1) .. text:sub(#t1 + 1)
	end
	return text
end

-- Markdown that is not prose: fenced code, `code`, <!-- comments -->, a
-- heading's {attributes}, [[references]] (the resolver's business).
local function prose(line)
	line = line:gsub("`[^`]*`", function(s) return (" "):rep(#s) end)
	line = line:gsub("<!%-%-.-%-%->", function(s) return (" "):rep(#s) end)
	line = line:gsub("%[%[.-%]%]", function(s) return (" "):rep(#s) end)
	if line:match("^#") then
		line = line:gsub("%s{[^{}]*}%s*$", function(s) return (" "):rep(#s) end)
	end
	return line
end

return {
	id = "avoided-term",
	severity = "warning",
	description = N_("A word a term's avoid=\"...\" lists, in any inflected form."),
	help = N_("Write the term instead (svcbook lint --fix does where it can); "
		.. "avoid=\"a, b\" on a term's heading in terms.md lists the words the book must not use for it."),
	check = function(book, report)
		local avoided = {} -- key of the first word -> list of {keys, term, word}
		local any = false
		for _, t in ipairs(book.terms) do
			local c = t.clause -- read once: each read is a call into the view
			for _, a in ipairs(c and c.attrs or {}) do
				if a.key == "avoid" then
					for _, phrase in ipairs(split(a.value)) do
						local keys = {}
						for _, w in ipairs(svcbook.words(phrase)) do keys[#keys + 1] = svcbook.key(w.word) end
						if #keys > 0 and keys[1] then
							local list = avoided[keys[1]] or {}
							list[#list + 1] = { keys = keys, term = t, phrase = phrase }
							avoided[keys[1]] = list
							any = true
						end
					end
				end
			end
		end
		if not any then return end
		local cache = {}
		local function key(w)
			local k = cache[w]
			if k == nil then k = svcbook.key(w) or false; cache[w] = k end
			return k
		end
		for _, f in ipairs(book.files) do
			local fence = nil
			for n = 1, f.nlines do
				local raw = svcbook.source_line(f.path, n) or ""
				local mark = raw:match("^ ? ? ?(```+)") or raw:match("^ ? ? ?(~~~+)")
				if mark and (not fence or mark:sub(1, 1) == fence:sub(1, 1) and #mark >= #fence) then
					fence = not fence and mark or nil
				elseif not fence then
					local words = svcbook.words(prose(raw))
					for i, w in ipairs(words) do
						for _, av in ipairs(avoided[key(w.word)] or {}) do
							local ok = true
							for j = 2, #av.keys do
								ok = ok and words[i + j - 1] and key(words[i + j - 1].word) == av.keys[j]
							end
							if ok then
								local last = words[i + #av.keys - 1]
								local found = raw:sub(w.from, last.to)
								local name = av.term.name
								local fix
								local lw, base = svcbook.lower(found), svcbook.lower(av.phrase)
								local stem = av.keys[1]
								if #av.keys == 1 then
									local lname = svcbook.lower(name)
									if lw == base then
										fix = same_case(found, lname)
									elseif #svcbook.words(name) == 1 and svcbook.key(name) == lname
										and lw:sub(1, #stem) == stem then
										fix = same_case(found, lname .. lw:sub(#stem + 1))
									end
								end
								report{ at = { file = f.path, line = n, col = w.from },
									message = svcbook._("'%s' is a word to avoid: the book's term is [[%s]]"):format(found, name),
									hint = fix and svcbook._("write '%s'"):format(fix)
										or svcbook._("write the term [[%s]] in its form here"):format(name),
									fix = fix and { range = { line = n, col = w.from, end_col = last.to + 1 }, replacement = fix } or nil }
							end
						end
					end
				end
			end
		end
	end,
	tests = {
		{ name = "an avoided word in any form", language = "ru", text = {
			["terms.md"] = "# Термины\n\n## Клиент {#client avoid=\"юзер\"}\n\nТот, кто покупает.\n",
			["general.md"] = "# Общие положения\n\nМы помогаем юзерам. [[Клиент]] прав.\n" },
			expect = { "юзерам" } },
		{ name = "not in code, nor without avoid=", language = "ru", text = {
			["terms.md"] = "# Термины\n\n## Клиент {#client avoid=\"юзер\"}\n\nТот, кто покупает [[клиент]].\n",
			["general.md"] = "# Общие положения\n\nКоманда `юзер` в консоли.\n" },
			expect = {} },
	},
}
