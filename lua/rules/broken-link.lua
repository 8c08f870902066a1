-- broken-link: a Markdown link to a book file or anchor that is not there.
local function dirname(path)
	return path:match("^(.*)/[^/]*$") or ""
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

return {
	id = "broken-link",
	severity = "error",
	description = "A Markdown link points to a file or anchor that is not in the book.",
	help = "Links between book files are checked: the file must be a chapter or a role file, "
		.. "and #anchor an id of a heading. [[#id]] references are simpler.",
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
				if not file then
					report(link, svcbook._("link to '%s' leads outside the book folder"):format(url), nil)
				elseif not paths[file] then
					local list = {}
					for p in pairs(paths) do
						list[#list + 1] = p
					end
					table.sort(list)
					local near = file and svcbook.nearest_string(file, list)
					report(link, svcbook._("link to '%s': no such file in the book"):format(url),
						near and svcbook._("did you mean '%s'?"):format(near) or nil)
				else
					local near = svcbook.nearest_id(anchor or "")
					report(link, svcbook._("link to '%s': no heading has the id '%s'"):format(url, anchor or ""),
						near and svcbook._("did you mean #%s?"):format(near) or nil)
				end
			end
		end
	end,
}
