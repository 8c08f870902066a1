-- template.lua - a tiny template engine for the HTML backend: {{ expr }}
-- escaped, {{{ expr }}} raw, {% code %} statements, {# comment #}.
--
-- A template compiles once into a Lua function (cached by name). The
-- generated code keeps the template's line breaks, so an error's line number
-- is the template's own. A {% %} or {# #} tag alone on its line takes that
-- line with it, so loops do not leave blank lines behind.
--
-- The host sets M.read(name) -> text | nil, err (templates/ lookup) and
-- calls M.page(site, page). Runs in the sandbox: no io, no require.

local M = {}

local cache = {}
local words_cache = nil

local escapes = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- Text for HTML text and attribute values: nil and false give "". The host
-- may put in an escaper of the same meaning that is faster (svcbook does,
-- in C: a Lua pattern costs some 200 instructions per character).
local function esc(v)
	if v == nil or v == false then
		return ""
	end
	return (tostring(v):gsub("[&<>\"']", escapes))
end
M.escape = esc

-- What {{{ }}} writes: nil and false give "". The host may put in one of
-- the same meaning that is faster (svcbook does, in C: a call instead of
-- two for every raw value, the glossary's tens of thousands of links).
local function str(v)
	if v == nil or v == false then
		return ""
	end
	return tostring(v)
end
M.str = str

-- Splits the template into Lua source. Tags: "{{{", "{{", "{%", "{#".
-- The condition E of a tag's body "if E then" when E is one expression
-- that stands as it is in "((E) and ...)": no line break, comment, long
-- bracket or second "then" in it, and Lua reads it as an expression.
local function if_cond(body)
	local e = body:match("^%s*if%s+(.-)%s+then%s*$")
	if not e or e:find("[\n\r]") or e:find("then", 1, true) or e:find("--", 1, true) or e:find("[[", 1, true) or
	    e:find("[=", 1, true) or not load("return " .. e, "=if", "t", {}) then
		return nil
	end
	return e
end

-- toks (see translate) with each {% if E then %}text{% end %} whose text
-- has no tag in it made one raw value, ((E) and "text"): E evaluated once,
-- at its place among the run's values, and the same text or nothing (a
-- string is true); the run goes on through it instead of ending in three
-- calls. The tags' line breaks go with it.
local function merge_ifs(toks)
	local res, i = {}, 1
	while i <= #toks do
		local a, l, z = toks[i], toks[i + 1], toks[i + 2]
		local e = a[1] == "c" and l and z and l[1] == "l" and z[1] == "c" and z[2]:match("^%s*end%s*$") and
			if_cond(a[2])
		if e then
			local nls = function(t)
				return string.rep("\n", select(2, t[2]:gsub("\n", "")) + (t[3] == "\n" and 1 or 0))
			end
			res[#res + 1] = { "v", "((" .. e .. ")" .. nls(a) .. " and " .. string.format("%q", l[2]) .. nls(z) .. ")", "r" }
			i = i + 3
		else
			res[#res + 1] = a
			i = i + 1
		end
	end
	return res
end

local function translate(text, name, plain, merge)
	local out = { "return function(_ENV, _esc, _str, _open, _put, _close) local _b = _open() " }
	local pos, len = 1, #text
	local line_start = true -- the next literal starts a line
	-- The pieces that follow one another with no code between them go out
	-- in one call, _put(_b, fmt, value, value, ...): the same values,
	-- evaluated in the same order, appended to the render's text (M.set_sink)
	-- at once. fmt is the run's literal text with a mark where each value
	-- goes, "\0e" a {{ }} value that put escapes as _esc would, "\0r" a
	-- {{{ }}} value that put writes as _str would ("\0z" a NUL of the
	-- template's own): a literal is no argument and a value no call of its
	-- own. `run` counts the values of the open call (-1: none open); a call
	-- takes at most RUN_MAX, within what a Lua function's registers hold.
	-- fmt holds no line break: a literal's go where the literal was, between
	-- the values, so that the code's line numbers stay the template's.
	-- With plain, a value is a call of _esc or _str, which put writes as it
	-- is (the form for a tag's body that is no single expression: see
	-- M.compile).
	local run, RUN_MAX = -1, 32
	local fmt, fmt_at = {}, nil

	local function close_run()
		if run >= 0 then
			local q = string.format("%q", table.concat(fmt)):gsub("\\\n", "\\n")
			out[fmt_at] = "_put(_b, " .. q
			out[#out + 1] = ") "
			run = -1
		end
	end

	local function open_run()
		if run < 0 then
			out[#out + 1] = false -- the call's head, once its fmt is known
			fmt_at = #out
			fmt = {}
			run = 0
		end
	end

	local function emit_value(expr, kind)
		if run >= RUN_MAX then
			close_run()
		end
		open_run()
		out[#out + 1] = ", " .. expr .. " "
		run = run + 1
		fmt[#fmt + 1] = "\0" .. kind
	end

	local function emit_literal(s)
		if s ~= "" then
			open_run()
			fmt[#fmt + 1] = (s:gsub("\0", "\0z"))
			local nl = select(2, s:gsub("\n", ""))
			if nl > 0 then
				out[#out + 1] = string.rep("\n", nl)
			end
		end
	end

	-- The template as tokens first: {"l", literal}, {"v", expression,
	-- kind}, {"c", code, line end}, {"n", a comment's line breaks}.
	local toks = {}
	while pos <= len do
		local s = text:find("{[{%%#]", pos)
		if not s then
			toks[#toks + 1] = { "l", text:sub(pos) }
			break
		end
		local lit = text:sub(pos, s - 1)
		local opener = text:sub(s, s + 1)
		local kind, close
		if text:sub(s, s + 2) == "{{{" then
			kind, close = "raw", "}}}"
		elseif opener == "{{" then
			kind, close = "esc", "}}"
		elseif opener == "{%" then
			kind, close = "code", "%}"
		else
			kind, close = "comment", "#}"
		end
		local body_start = s + (kind == "raw" and 3 or 2)
		local e = text:find(close, body_start, true)
		if not e then
			local line = select(2, text:sub(1, s):gsub("\n", "")) + 1
			error(string.format("%s:%d: unclosed '%s'", name, line, text:sub(s, body_start - 1)), 0)
		end
		local body = text:sub(body_start, e - 1)
		local after = e + #close
		local stripped_nl = false
		if kind == "code" or kind == "comment" then
			-- Alone on its line: drop the indentation before and the line end after.
			local last_nl = lit:match(".*()\n")
			local head = last_nl and lit:sub(last_nl + 1) or lit
			local at_start = last_nl ~= nil or line_start
			local tail = text:match("^[ \t]*\r?\n", after)
			if at_start and head:match("^[ \t]*$") and (tail or after > len) then
				lit = lit:sub(1, #lit - #head)
				if tail then
					after = after + #tail
					stripped_nl = true
				end
			end
		end
		toks[#toks + 1] = { "l", lit }
		-- Each piece of code holds exactly the line breaks of its source
		-- (a stripped line end becomes the code's own), so line numbers hold.
		local nl = stripped_nl and "\n" or " "
		if kind == "raw" then
			toks[#toks + 1] = { "v", plain and "_str(" .. body .. ")" or "(" .. body .. ")", "r" }
		elseif kind == "esc" then
			toks[#toks + 1] = { "v", plain and "_esc(" .. body .. ")" or "(" .. body .. ")", plain and "r" or "e" }
		elseif kind == "code" then
			toks[#toks + 1] = { "c", body, nl }
		else -- a comment: its line breaks only, inside a call or not
			toks[#toks + 1] = { "n", string.rep("\n", select(2, body:gsub("\n", ""))) .. nl }
		end
		line_start = stripped_nl or (lit == "" and line_start) or lit:sub(-1) == "\n"
		pos = after
	end
	if merge then
		toks = merge_ifs(toks)
	end
	for _, t in ipairs(toks) do
		if t[1] == "l" then
			emit_literal(t[2])
		elseif t[1] == "v" then
			emit_value(t[2], t[3])
		elseif t[1] == "c" then
			close_run()
			out[#out + 1] = t[2] .. t[3]
		else
			out[#out + 1] = t[2]
		end
	end
	close_run()
	out[#out + 1] = " return _close(_b) end"
	return table.concat(out)
end
M.translate = translate

-- Names every template sees besides its data.
local base = {
	ipairs = ipairs, pairs = pairs, next = next, select = select, type = type,
	tostring = tostring, tonumber = tonumber, error = error, pcall = pcall,
	string = string, table = table, math = math, utf8 = utf8,
	escape = esc,
}

-- link(x, class): <a href> to x.href showing x.text or x.name (or
-- x.title), with x.tip as its title; the plain text in a span when x has no
-- href (material the output leaves out). The host may put in a link of the
-- same result that is faster (svcbook does, in C: the glossary alone makes
-- tens of thousands of links).
local function link(x, class)
	if not x then
		return ""
	end
	local text = x.text or x.name or x.title or ""
	if not x.href then
		return '<span class="' .. esc(class or "") .. ' excluded">' .. esc(text) .. "</span>"
	end
	local c = class and (' class="' .. esc(class) .. '"') or ""
	local title = x.tip and (' title="' .. esc(x.tip) .. '"') or ""
	return '<a' .. c .. ' href="' .. esc(x.href) .. '"' .. title .. ">" .. esc(text) .. "</a>"
end
M.link = link

function M.set_link(f)
	link = f
	M.link = f
end

function M.set_str(f)
	str = f
	M.str = f
end

-- Where a render's text goes: open() gives a handle, put(handle, fmt, ...)
-- appends a run (fmt: translate's literal text, "\0e" where a value goes
-- as esc gives it, "\0r" as str gives it, "\0z" a NUL byte),
-- close(handle) gives the text and lets the handle go.
-- Renders nest (include), so a host's handles must too. Here a table of
-- pieces; the host may put in its own (svcbook does, in C: a page is
-- hundreds of thousands of pieces, each a table slot and a table.concat
-- step here).
local concat = table.concat
local function open()
	return {}
end
local function put(b, fmt, ...)
	local n, at, i = #b, 1, 0
	while true do
		local z = fmt:find("\0", at, true)
		if not z then
			b[n + 1] = fmt:sub(at)
			return
		end
		b[n + 1] = fmt:sub(at, z - 1)
		local k = fmt:byte(z + 1)
		if k == 122 then -- "z"
			b[n + 2] = "\0"
		else
			i = i + 1
			local v = (select(i, ...))
			b[n + 2] = k == 101 and esc(v) or str(v) -- "e", "r"
		end
		n, at = n + 2, z + 2
	end
end
local function close(b)
	return concat(b)
end

-- close_page(handle) is close for the page's own render (M.page's
-- layout), whose text goes to the host and to no template: the host's may
-- keep it and give something of its own instead (svcbook's does: the
-- page's text is no Lua string).
local close_page = close

function M.set_sink(o, p, c, cp)
	open, put, close, close_page = o, p, c, cp or c
end

-- Replaces the escaper everywhere (templates, link(), M.escape).
function M.set_escape(f)
	esc = f
	M.escape = f
	base.escape = f
end

-- Compiles (once) and returns the function of template `name`.
function M.compile(name)
	local f = cache[name]
	if f then
		return f
	end
	local text, err = M.read(name)
	if not text then
		error("template " .. name .. ": " .. tostring(err), 0)
	end
	-- A tag's body that is no single expression ({{ a, b }}, {{ }}) does
	-- not compile as a piece "(body)": such a template keeps the calls of
	-- _esc and _str, and its errors are theirs. The ifs made values
	-- (merge_ifs) are tried first; a template that does not compile so is
	-- compiled as it was.
	local chunk = load(translate(text, "templates/" .. name, false, true), "=templates/" .. name, "t", {})
	if not chunk then
		chunk = load(translate(text, "templates/" .. name), "=templates/" .. name, "t", {})
	end
	if not chunk then
		local cerr
		chunk, cerr = load(translate(text, "templates/" .. name, true), "=templates/" .. name, "t", {})
		if not chunk then
			error(cerr, 0)
		end
	end
	f = chunk()
	cache[name] = f
	return f
end

local function load_words(text, name)
	local env = {}
	local chunk, err = load(text, "=templates/" .. name, "t", env)
	if not chunk then
		error(err, 0)
	end
	local t = chunk() or env
	if type(t) ~= "table" then
		error("templates/" .. name .. " must give a table of languages", 0)
	end
	return t
end

-- The words the output shows, in the book's language: svcbook's
-- templates/words.lua, with a book's own words.lua (data only, run with no
-- library) replacing the words it names.
function M.words(lang)
	if not words_cache then
		local ours = M.read("words.lua", true)
		local theirs = M.read("words.lua")
		local t = ours and load_words(ours, "words.lua") or {}
		if theirs and theirs ~= ours then
			for l, words in pairs(load_words(theirs, "words.lua")) do
				if type(words) == "table" then
					t[l] = t[l] or {}
					for k, v in pairs(words) do
						t[l][k] = v
					end
				end
			end
		end
		words_cache = t
	end
	return words_cache[lang] or words_cache.en or {}
end

-- Renders template `name` with `data`: inside it, data's fields are names,
-- plus the helpers below.
-- Copies t's own fields into into.
local function copy_into(into, t)
	for k, v in pairs(t) do
		into[k] = v
	end
	return into
end

local base_meta = { __index = base }

function M.render(name, data, last)
	local f = M.compile(name)
	-- A template's names: data's fields, then the helpers, then base. They
	-- are put in the environment itself (a handful per render) so that a
	-- name is a plain table look-up, not a metamethod call; the helpers
	-- first, in a table made with room for them (no table of their own).
	local env = {
		-- include("part.html") renders another template with the same
		-- data; include("part.html", t) with t's fields added over it.
		include = function(other, extra)
			if extra == nil then
				return M.render(other, data)
			end
			return M.render(other, copy_into(copy_into({}, data), extra))
		end,
		-- t("key"): a word of the output in the book's language.
		t = function(key)
			local words = data.words
			local w = words and words[key]
			return w ~= nil and w or key
		end,
		link = link,
	}
	setmetatable(copy_into(env, data), base_meta)
	return f(env, esc, str, open, put, last and close_page or close)
end

-- One page: its template (page.template) inside templates/layout.html.
function M.page(site, page)
	local data = { site = site, page = page, words = M.words(site.lang) }
	data.content = M.render(page.template, data)
	return M.render("layout.html", data, true)
end

return M
