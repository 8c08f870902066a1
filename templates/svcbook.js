/* svcbook.js - term definitions on hover and keyboard focus, and an offline
   search over search-index.js (loaded by a script element, so it works
   from file:// without fetch). No dependencies. */
(function () {
	"use strict";

	/* ---- term tooltips ---- */

	var tip = null;
	var tipOwner = null;

	function tooltip() {
		if (!tip) {
			tip = document.createElement("div");
			tip.className = "tooltip";
			tip.id = "svcbook-tooltip";
			tip.setAttribute("role", "tooltip");
			tip.hidden = true;
			document.body.appendChild(tip);
		}
		return tip;
	}

	function showTip(a) {
		var text = a.getAttribute("data-def");
		if (!text) return;
		var t = tooltip();
		t.textContent = text;
		t.hidden = false;
		tipOwner = a;
		a.setAttribute("aria-describedby", t.id);
		var r = a.getBoundingClientRect();
		var sx = window.pageXOffset, sy = window.pageYOffset;
		var w = t.offsetWidth, vw = document.documentElement.clientWidth;
		var left = Math.max(8, Math.min(r.left + sx, sx + vw - w - 8));
		var top = r.bottom + sy + 6;
		if (r.bottom + t.offsetHeight + 12 > window.innerHeight && r.top > t.offsetHeight + 12)
			top = r.top + sy - t.offsetHeight - 6;
		t.style.left = left + "px";
		t.style.top = top + "px";
	}

	function hideTip() {
		if (tip) tip.hidden = true;
		if (tipOwner) tipOwner.removeAttribute("aria-describedby");
		tipOwner = null;
	}

	function setupTerms() {
		var links = document.querySelectorAll("a.term[title], a.xref[title], span.unresolved[title]");
		for (var i = 0; i < links.length; i++) {
			var a = links[i];
			/* The definition moves to our own tooltip so the browser's
			   does not show as well. */
			a.setAttribute("data-def", a.getAttribute("title"));
			a.removeAttribute("title");
			if (a.tagName !== "A") a.setAttribute("tabindex", "0");
			a.addEventListener("mouseenter", function () { showTip(this); });
			a.addEventListener("mouseleave", hideTip);
			a.addEventListener("focus", function () { showTip(this); });
			a.addEventListener("blur", hideTip);
		}
		document.addEventListener("keydown", function (e) {
			if (e.key === "Escape") hideTip();
		});
		window.addEventListener("scroll", function () { if (tipOwner && tipOwner !== document.activeElement) hideTip(); }, { passive: true });
	}

	/* ---- search ---- */

	/* The same folding as the index: NFC, lower case, ё as е. */
	function fold(s) {
		if (s.normalize) s = s.normalize("NFC");
		return s.toLowerCase().replace(/ё/g, "е");
	}

	function words(s) {
		var m = fold(s).match(/[\p{L}\p{N}]+/gu);
		return m || [];
	}

	/* A query word matches a stem when the stem starts it and the rest is
	   short enough to be an ending («клиентов» and «клиент»), or when it is
	   the start of the stem (a word being typed). */
	function wordMatches(q, stem) {
		if (q === stem) return true;
		if (stem.length >= 2 && q.lastIndexOf(stem, 0) === 0 && q.length - stem.length <= 4) return true;
		if (q.length >= 2 && stem.lastIndexOf(q, 0) === 0) return true;
		return false;
	}

	function anyMatch(q, stems) {
		for (var i = 0; i < stems.length; i++)
			if (wordMatches(q, stems[i])) return true;
		return false;
	}

	var prepared = null;

	function prepare() {
		if (prepared) return prepared;
		var data = window.SVCBOOK_SEARCH;
		if (!data) return null;
		prepared = data.entries.map(function (e) {
			return {
				e: e,
				title: e.s ? e.s.split(" ") : [],
				body: e.w ? e.w.split(" ") : [],
				folded: fold(e.t)
			};
		});
		return prepared;
	}

	function search(query) {
		var list = prepare();
		if (!list) return [];
		var q = query.trim();
		if (!q) return [];
		var qw = words(q);
		var num = /^\d+(\.\d+)*\.?$/.test(q) ? q.replace(/\.$/, "") : null;
		var out = [];
		for (var i = 0; i < list.length; i++) {
			var it = list[i], score = 0, ok = true;
			if (num !== null) {
				if (it.e.n === num) score = 100;
				else if (it.e.n.lastIndexOf(num + ".", 0) === 0) score = 50 - it.e.n.length;
				else ok = false;
			} else {
				for (var j = 0; j < qw.length && ok; j++) {
					if (anyMatch(qw[j], it.title)) score += 10;
					else if (it.folded.indexOf(qw[j]) >= 0) score += 8;
					else if (anyMatch(qw[j], it.body)) score += 1;
					else ok = false;
				}
				if (it.e.k === "term") score += 2;
			}
			if (ok && score > 0) out.push({ e: it.e, score: score, i: i });
		}
		out.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
		return out.slice(0, 20);
	}

	function loadIndex(form, then) {
		if (window.SVCBOOK_SEARCH) { then(); return; }
		if (form.getAttribute("data-loading")) return;
		form.setAttribute("data-loading", "1");
		var s = document.createElement("script");
		s.src = form.getAttribute("data-index") || "search-index.js";
		s.onload = then;
		document.head.appendChild(s);
	}

	function setupSearch() {
		var form = document.querySelector("form.search");
		if (!form) return;
		var input = form.querySelector("input");
		var results = form.querySelector(".search-results");
		if (!input || !results) return;
		form.hidden = false;

		function render() {
			var hits = search(input.value);
			results.textContent = "";
			if (!input.value.trim()) { results.hidden = true; return; }
			if (!hits.length) {
				var li = document.createElement("li");
				li.className = "empty";
				li.textContent = form.getAttribute("data-none") || "—";
				results.appendChild(li);
			}
			hits.forEach(function (h) {
				var li = document.createElement("li");
				var a = document.createElement("a");
				a.href = h.e.h;
				var n = document.createElement("span");
				n.className = "num";
				n.textContent = h.e.n;
				a.appendChild(n);
				a.appendChild(document.createTextNode(" " + h.e.t));
				li.appendChild(a);
				results.appendChild(li);
			});
			results.hidden = false;
		}

		input.addEventListener("focus", function () { loadIndex(form, render); });
		input.addEventListener("input", function () { loadIndex(form, render); });
		form.addEventListener("submit", function (e) {
			e.preventDefault();
			var first = results.querySelector("a");
			if (first) window.location.href = first.href;
		});
		input.addEventListener("keydown", function (e) {
			if (e.key === "ArrowDown") {
				var first = results.querySelector("a");
				if (first) { e.preventDefault(); first.focus(); }
			} else if (e.key === "Escape") {
				results.hidden = true;
			}
		});
		results.addEventListener("keydown", function (e) {
			var a = document.activeElement;
			if (!a || a.tagName !== "A") return;
			var li = a.parentNode;
			if (e.key === "ArrowDown" && li.nextSibling) { e.preventDefault(); li.nextSibling.querySelector("a").focus(); }
			else if (e.key === "ArrowUp") {
				e.preventDefault();
				if (li.previousSibling) li.previousSibling.querySelector("a").focus();
				else input.focus();
			} else if (e.key === "Escape") { results.hidden = true; input.focus(); }
		});
		document.addEventListener("click", function (e) {
			if (!form.contains(e.target)) results.hidden = true;
		});
	}

	/* On a narrow screen the contents start folded, so the text comes first. */
	function setupToc() {
		var box = document.querySelector(".toc-box");
		if (box && window.matchMedia && window.matchMedia("(max-width: 52rem)").matches)
			box.open = false;
	}

	/* A table or code block wider than the column scrolls inside itself;
	   a keyboard user must be able to focus it to scroll it. */
	function markScrollers() {
		var boxes = document.querySelectorAll("main table, main pre, main .table-wrap");
		for (var i = 0; i < boxes.length; i++) {
			var b = boxes[i];
			if (b.scrollWidth > b.clientWidth + 1) {
				if (!b.hasAttribute("tabindex")) { b.setAttribute("tabindex", "0"); b.setAttribute("data-scroller", "1"); }
			} else if (b.getAttribute("data-scroller")) {
				b.removeAttribute("tabindex");
				b.removeAttribute("data-scroller");
			}
		}
	}

	function start() {
		markScrollers();
		window.addEventListener("resize", markScrollers);
		setupToc();
		setupTerms();
		setupSearch();
	}

	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();

	/* Exposed for tests. */
	window.svcbookSearch = { fold: fold, words: words, search: search, wordMatches: wordMatches };
})();
