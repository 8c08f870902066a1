-- broken-link: a Markdown link to a book file or anchor that is not there.
-- As MkDocs does, the finding says which of the two is wrong and the hint
-- is the link as it would work: a path is relative to the folder of the
-- file the link is in (principles.md from roles/ is ../principles.md), and
-- an anchor is the id of a heading, the nearest one in the file it names.
local function dirname(path)
	return path:match("^(.*)/[^/]*$") or ""
end

local function basename(path)
	return path:match("([^/]*)$")
end

local function segments(path)
	local out = {}
	for seg in path:gmatch("[^/]+") do
		out[#out + 1] = seg
	end
	return out
end

-- "roles/" + "../terms.md" -> "terms.md"; nil when it leaves the book.
local function join(from, rel)
	local parts = {}
	local base = dirname(from)
	local full = base ~= "" and (base .. "/" .. rel) or rel
	for seg in full:gmatch("[^/]+") do
		if seg == ".." then
			if #parts == 0 then
				return nil
			end
			parts[#parts] = nil
		elseif seg ~= "." then
			parts[#parts + 1] = seg
		end
	end
	return table.concat(parts, "/")
end

-- The link from book file from to book file to: "roles/a.md", "terms.md"
-- -> "../terms.md".
local function relative(from, to)
	local a, b = segments(dirname(from)), segments(to)
	local i = 1
	while i <= #a and i < #b and a[i] == b[i] do
		i = i + 1
	end
	local out = {}
	for _ = i, #a do
		out[#out + 1] = ".."
	end
	for j = i, #b do
		out[#out + 1] = b[j]
	end
	return table.concat(out, "/")
end

-- The book file a missing path most likely meant, or nil: the one of that
-- name (the path from the book's folder first), else the nearest name.
local function meant(book, path)
	local name, found = basename(path), nil
	for _, f in ipairs(book.files) do
		if f.path == path then
			return f.path
		end
		if basename(f.path) == name and (not found or f.path < found) then
			found = f.path
		end
	end
	if found then
		return found
	end
	local list, by_name = {}, {}
	for _, f in ipairs(book.files) do
		list[#list + 1] = f.path
		by_name[basename(f.path)] = by_name[basename(f.path)] or f.path
	end
	table.sort(list)
	local near = svcbook.nearest_string(path, list)
	if near then
		return near
	end
	local names = {}
	for n in pairs(by_name) do
		names[#names + 1] = n
	end
	table.sort(names)
	near = svcbook.nearest_string(name, names)
	return near and by_name[near]
end

-- The id nearest to anchor: of a heading in file first, else in the book.
local function nearest_anchor(book, file, anchor)
	local ids = {}
	for _, c in ipairs(book.clauses) do
		if c.file == file and c.id then
			ids[#ids + 1] = c.id
		end
	end
	return svcbook.nearest_string(anchor, ids) or svcbook.nearest_id(anchor)
end

return {
	id = "broken-link",
	severity = "error",
	description = N_("A Markdown link points to a file or anchor that is not in the book."),
	help = N_("Links between book files are checked: the file must be a chapter or a role file, "
		.. "its path relative to the folder of the file the link is in, "
		.. "and #anchor an id of a heading. [[#id]] references are simpler."),
	check = function(book, report)
		local paths = {}
		for _, f in ipairs(book.files) do
			paths[f.path] = true
		end
		for _, link in ipairs(book.links) do
			if link.status == "undefined" then
				local url = link.target
				local path = url:match("^([^?#]*)")
				local anchor = url:match("#(.+)$")
				local file = link.file
				if path ~= "" then
					file = join(link.file, path) -- nil when it leaves the book
				end
				local target = file and paths[file] and file or meant(book, path)
				local near = anchor and target and not svcbook.find_id(anchor) and nearest_anchor(book, target, anchor)
				local suffix = anchor and ("#" .. (near or anchor)) or ""
				if file and paths[file] then
					report(link, svcbook._("link to '%s': %s has no heading with the id '%s'"):format(url, file, anchor or ""),
						near and svcbook._("did you mean #%s?"):format(near) or nil)
				elseif not target then
					report(link, file and svcbook._("link to '%s': no such file in the book"):format(url)
						or svcbook._("link to '%s' leads outside the book folder"):format(url), nil)
				else
					local hint = svcbook._("did you mean '%s'?"):format(relative(link.file, target) .. suffix)
					if not file then
						report(link, svcbook._("link to '%s' leads outside the book folder"):format(url), hint)
					elseif basename(file) == basename(target) then
						-- the right name from the wrong folder: say where it looked
						report(link, svcbook._("link to '%s': there is no %s; a link's path is relative to the folder of its file")
							:format(url, file), hint)
					else
						report(link, svcbook._("link to '%s': no such file in the book"):format(url), hint)
					end
				end
			end
		end
	end,
	tests = {
		{ name = "a wrong anchor in a file that is there", text = {
			["principles.md"] = "# Principles\n\n## Honesty {#honesty}\n\nWe must tell the truth.\n",
			["general.md"] = "# General\n\nSee [honesty](principles.md#honestly) and [it](principles.md#honesty).\n" },
			expect = { "principles.md#honestly" } },
		{ name = "a path from the book's folder in a role file", text = {
			["principles.md"] = "# Principles\n\n## Honesty {#honesty}\n\nWe must tell the truth.\n",
			["roles/agent.md"] = "# Agent {#agent}\n\n## Answer {#answer}\n\nThe agent must answer, see [this](principles.md#honesty)"
				.. " and [that](../principles.md#honesty).\n" },
			expect = { "principles.md#honesty" } },
	},
}
