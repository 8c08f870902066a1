-- view-dump: a test rule (tests/lint/run.sh) that reports every field of
-- every object of the rules' view, so a change to the view shows as a diff.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) == "number"
  end)
  return ks
end
local function dump(v, depth)
  local ty = type(v)
  if ty == "string" then return string.format("%q", v) end
  if ty ~= "userdata" then return tostring(v) end
  if depth > 0 and v.index then
    return "<" .. tostring(v.id or v.raw or v.path) .. "#" .. v.index .. ">"
  end
  if depth > 3 then return "..." end
  local parts = {}
  for _, k in ipairs(keys(v)) do
    parts[#parts + 1] = tostring(k) .. "=" .. dump(v[k], depth + 1)
  end
  return "{" .. table.concat(parts, ",") .. "}" .. "#" .. #v
end
return {
  id = "view-dump", severity = "note", description = "dump",
  check = function(book, report)
    for _, k in ipairs({"files","clauses","terms","roles","stages","refs","links","all_refs","appearance"}) do
      report(nil, k .. " n=" .. #book[k])
      for i, it in ipairs(book[k]) do
        local s = dump(it, 0)
        local j = 1
        while j <= #s do report(nil, k .. i .. ":" .. s:sub(j, j + 3000)); j = j + 3001 end
      end
    end
    report(nil, "chapters " .. dump(book.chapters, 1))
    report(nil, "config " .. dump(book.config, 0))
    report(nil, "book " .. tostring(book.title) .. tostring(book.language) .. tostring(book))
    local c = book.clauses[3]
    report(nil, "id " .. tostring(c.parent == c.parent) .. tostring(c.children == c.children) .. tostring(c.attrs == c.attrs) .. tostring(book.refs[1] == book.all_refs[1]) .. tostring(#book.refs))
    report(nil, "len " .. #c .. " " .. tostring(svcbook.find_id(c.id) == c) .. tostring(c) .. tostring(book.refs[1]))
    if book.refs[1] then report(book.refs[1], "at ref") end
    if book.stages[1] then report(book.stages[1].owner_at, "at owner") end
    report(book.clauses[2], "at clause")
    local ok, err = pcall(function() c.id = 1 end)
    report(nil, "ro " .. tostring(ok) .. tostring(err))
  end,
}
