-- tests/template/cases.lua - arguments for link(x, class): the ones the
-- templates pass, and the odd ones a book's own template could. Each case
-- is { x, class } (either may be nil).
return {
	{ nil, "xref" },
	{ false, "xref" },
	{ {}, nil },
	{ {}, "term" },
	{ { text = "a & b" }, "xref" },
	{ { text = "a & b" }, false },
	{ { href = "x.html?a=1&b=2", text = "T" }, "xref role" },
	{ { href = "x.html#id", name = "N", tip = "the \"tip\" <b>" }, nil },
	{ { href = "x.html", title = "Title 'q'" }, "xref" },
	{ { href = "x.html", text = false, name = "N" }, "c" },
	{ { href = "x.html", text = "T", tip = false }, "c" },
	{ { href = false, text = "x" }, "c" },
	{ { href = "h", text = 5 }, 7 },
	{ { href = 3, text = "t", tip = 12.5 }, "a\"b" },
	{ { href = "h", text = "<t>", tip = "a & b" }, true },
	{ { href = "h", text = "", name = "" }, "c" },
	{ "a string", "xref" },
	{ { href = "h", text = "Клиент «Ё»" }, "term" },
	{ { href = -42, text = math.mininteger, tip = 0 }, 9007199254740993 },
	{ { href = 2.0, text = math.maxinteger, tip = -0.0 }, -7 },
}
