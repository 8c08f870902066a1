// browser.js - drives Debian's headless Chromium (playwright-core) over built
// HTML books opened from file:// and prints TAP-like lines and a count.
//
// usage: node tests/browser/browser.js SPEC.json   (BROWSER_TIMES=1: timings)
// SPEC.json: { "chromium": "/usr/bin/chromium", "pdf": "PATH" | null,
//              "books": [ { "name", "dir", "lang", "searches": [ { "query", "href" } ] } ] }
// Checks per book: search from an inflected form (click and Enter), term
// definitions on hover and on keyboard focus, every link and every search
// result resolves (file and #anchor), no horizontal scroll at 375 px, zero
// axe-core violations in the light and the dark scheme, the sidebar with the
// current page marked, previous/next in contents order.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");
const { chromium } = require("playwright-core");

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let n = 0, passed = 0, failed = 0;
const t0 = Date.now();
function stamp() { return process.env.BROWSER_TIMES ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : ""; }
function ok(name) { n++; passed++; console.log(`ok ${n} - ${name}${stamp()}`); }
function notOk(name, detail) {
	n++; failed++;
	console.log(`not ok ${n} - ${name}${stamp()}`);
	if (detail) for (const l of String(detail).split("\n").slice(0, 30)) console.log(`#   ${l}`);
}
function check(name, problems) {
	if (problems.length === 0) ok(name);
	else notOk(name, problems.join("\n"));
}

// Runs fn over items, at most `width` at a time, results in order.
async function pool(items, width, fn) {
	const out = new Array(items.length);
	let next = 0;
	async function worker(_, w) {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i, w);
		}
	}
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
	return out;
}

function fileUrl(dir, name) { return pathToFileURL(path.join(dir, name)).href; }

// What one page looks like in a desktop window (light) and in a phone window
// (dark): its links, ids, sidebar, pager, scroll width, axe violations.
const views = [
	{ key: "desktop", width: 1280, height: 800, scheme: "light" },
	{ key: "phone", width: 375, height: 812, scheme: "dark" },
];

// One page per worker: loaded in the desktop view, then resized and turned
// dark in place (no second load, axe injected once).
async function survey(page, url) {
	const res = { url };
	const errors = [];
	page.__errors = errors;
	for (const [i, v] of views.entries()) {
		await page.setViewportSize({ width: v.width, height: v.height });
		await page.emulateMedia({ colorScheme: v.scheme, reducedMotion: "reduce" });
		if (i === 0) await page.goto(url, { waitUntil: "load" });
		else await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
		const r = { errors: i === 0 ? errors : [] };
		{
			Object.assign(r, await page.evaluate(() => {
				const links = [];
				for (const e of document.querySelectorAll("a[href], link[href], script[src], img[src]"))
					links.push({ url: e.href || e.src, raw: e.getAttribute("href") || e.getAttribute("src"), text: (e.textContent || "").trim().slice(0, 40) });
				const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id);
				const toc = document.querySelector("nav.toc");
				const current = toc ? Array.from(toc.querySelectorAll('a[aria-current="page"]'), (a) => a.href) : null;
				let currentStyle = null, otherStyle = null;
				if (toc) {
					const cur = toc.querySelector('a[aria-current="page"]');
					const other = toc.querySelector('a:not([aria-current])');
					if (cur) currentStyle = getComputedStyle(cur).backgroundColor + " " + getComputedStyle(cur).fontWeight;
					if (other) otherStyle = getComputedStyle(other).backgroundColor + " " + getComputedStyle(other).fontWeight;
				}
				const prev = document.querySelector('nav.pager a[rel="prev"]');
				const next = document.querySelector('nav.pager a[rel="next"]');
				const se = document.scrollingElement;
				// The widest element, to name the culprit of a horizontal scroll.
				let widest = null;
				if (se.scrollWidth > se.clientWidth) {
					for (const e of document.body.querySelectorAll("*")) {
						const b = e.getBoundingClientRect();
						if (b.right > se.clientWidth + 0.5 && (!widest || b.right > widest.right))
							widest = { right: Math.round(b.right), what: e.tagName.toLowerCase() + (e.className ? "." + String(e.className).replace(/ /g, ".") : "") + (e.id ? "#" + e.id : "") };
					}
				}
				// Words in table cells laid over two lines: a word broken
				// mid-word (a phone must scroll the table instead).
				const broken = [];
				let cellWords = 0;
				const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT,
					{ acceptNode: (t) => t.parentElement.closest("td, th") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
				const range = document.createRange();
				for (let t; (t = walker.nextNode());) {
					for (const m of t.data.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
						cellWords++;
						range.setStart(t, m.index);
						range.setEnd(t, m.index + m[0].length);
						const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
						if (tops.size > 1 && broken.length < 5) broken.push(m[0]);
					}
				}
				const contents = Array.from(document.querySelectorAll("main .contents a[href]"), (a) => a.href);
				return {
					links, ids, contents,
					hasToc: !!toc, tocLinks: toc ? toc.querySelectorAll("a").length : 0, current, currentStyle, otherStyle,
					prev: prev ? prev.href : null, next: next ? next.href : null,
					scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, widest, broken, cellWords,
					mainLandmark: document.querySelectorAll("main").length,
				};
			}));
		}
		const ta = Date.now();
		if (i === 0) await page.addScriptTag({ content: axeSource });
		const axe = await page.evaluate(async () => {
			const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
			return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""}`);
		});
		r.axe = axe;
		if (process.env.BROWSER_TIMES) console.error(`# ${nameOf(url)} ${v.key}: axe ${Date.now() - ta} ms`);
		res[v.key] = r;
	}
	return res;
}

function nameOf(url) { return path.basename(fileURLToPath(url.split("#")[0])); }

async function checkBook(browser, book) {
	const dir = path.resolve(book.dir);
	const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
	if (pages.length === 0) { notOk(`${book.name}: has pages`, `no .html in ${dir}`); return; }
	const sctx = await browser.newContext();
	const workers = [];
	const surveys = await pool(pages, 2, async (p, i, w) => {
		if (!workers[w]) {
			const pg = await sctx.newPage();
			pg.on("pageerror", (e) => pg.__errors.push(String(e)));
			pg.on("console", (m) => { if (m.type() === "error") pg.__errors.push(m.text()); });
			workers[w] = pg;
		}
		return survey(workers[w], fileUrl(dir, p));
	});
	await sctx.close();
	const byName = new Map(pages.map((p, i) => [p, surveys[i]]));

	// Ids of any page of the book, from the survey (or read now for others).
	function idsOf(file) {
		const s = byName.get(path.basename(file));
		if (s && path.dirname(file) === dir) return new Set(s.desktop.ids);
		return null;
	}
	function resolve(u) {
		if (!u.startsWith("file:")) return null; // none expected; reported below
		const [base, hash] = u.split("#");
		const file = fileURLToPath(base);
		if (!fs.existsSync(file)) return `missing file ${path.relative(dir, file)}`;
		if (hash !== undefined && hash !== "") {
			const ids = idsOf(file);
			if (!ids) return `#${hash} in ${path.relative(dir, file)}: a page outside the book`;
			if (!ids.has(decodeURIComponent(hash))) return `no #${decodeURIComponent(hash)} in ${path.basename(file)}`;
		}
		return null;
	}

	// (c) every link of every page resolves.
	const linkProblems = [];
	let linkCount = 0;
	for (const s of surveys) {
		for (const l of s.desktop.links) {
			linkCount++;
			if (!l.url.startsWith("file:")) {
				linkProblems.push(`${nameOf(s.url)}: ${l.raw} leaves the book`);
				continue;
			}
			const p = resolve(l.url);
			if (p) linkProblems.push(`${nameOf(s.url)}: "${l.text}" -> ${l.raw}: ${p}`);
		}
	}
	check(`${book.name}: all ${linkCount} links of ${pages.length} pages resolve (file and #anchor)`, linkProblems);

	// ... and so does every search result the index can give.
	const idx = fs.readFileSync(path.join(dir, "search-index.js"), "utf8");
	const sandbox = { window: {} };
	vm.runInNewContext(idx, sandbox);
	const entries = (sandbox.window.SVCBOOK_SEARCH || {}).entries || [];
	const idxProblems = entries.length ? [] : ["search-index.js has no entries"];
	for (const e of entries) {
		const p = resolve(new URL(e.h, fileUrl(dir, "index.html")).href);
		if (p) idxProblems.push(`${e.n} ${e.t} -> ${e.h}: ${p}`);
	}
	check(`${book.name}: all ${entries.length} search-index targets resolve`, idxProblems);

	// No script errors anywhere.
	const jsProblems = [];
	for (const s of surveys)
		for (const k of ["desktop", "phone"])
			for (const e of s[k].errors) jsProblems.push(`${nameOf(s.url)} (${k}): ${e}`);
	check(`${book.name}: no script errors on any page`, jsProblems);

	// (d) no horizontal scroll at 375 px.
	check(`${book.name}: no page scrolls sideways at 375 px (${pages.join(", ")})`, surveys
		.filter((s) => s.phone.scrollWidth > s.phone.clientWidth)
		.map((s) => `${nameOf(s.url)}: scrollWidth ${s.phone.scrollWidth} > clientWidth ${s.phone.clientWidth}` +
			(s.phone.widest ? `, widest ${s.phone.widest.what} to ${s.phone.widest.right}px` : "")));

	// ... nor breaks a word of a table cell over two lines (#21: Russian
	// words cut with no hyphen); the table scrolls inside itself instead.
	const cellWords = surveys.reduce((a, s) => a + s.phone.cellWords, 0);
	check(`${book.name}: no word of the ${cellWords} in table cells is broken over two lines at 375 px`,
		(book.tables && cellWords === 0 ? ["no table words seen: the check saw nothing"] : []).concat(surveys
			.filter((s) => s.phone.broken.length)
			.map((s) => `${nameOf(s.url)}: ${s.phone.broken.join(", ")}`)));

	// (e) axe-core: zero violations, light and dark, desktop and phone.
	// The colours do not depend on the width nor the layout on the scheme:
	// light at 1280 px and dark at 375 px cover both.
	for (const [k, label] of [["desktop", "light, 1280 px"], ["phone", "dark, 375 px"]]) {
		const probs = [];
		for (const s of surveys) for (const v of s[k].axe) probs.push(`${nameOf(s.url)}: ${v}`);
		check(`${book.name}: axe-core finds no violation on any page (${label})`, probs);
	}
	check(`${book.name}: every page has one main landmark`, surveys.filter((s) => s.desktop.mainLandmark !== 1).map((s) => nameOf(s.url)));

	// (f) the sidebar: on every page but print.html, the contents with the
	// current page marked (and looking different); previous/next chain.
	const navProblems = [];
	for (const s of surveys) {
		const name = nameOf(s.url), d = s.desktop;
		if (name === "print.html") {
			if (d.hasToc) navProblems.push("print.html has a sidebar");
			continue;
		}
		if (!d.hasToc || d.tocLinks < 3) { navProblems.push(`${name}: no sidebar contents`); continue; }
		if (name === "index.html") continue; // the title page is no entry of the contents
		if (!d.current.some((u) => nameOf(u) === name && !u.includes("#")))
			navProblems.push(`${name}: the sidebar marks no link to this page as current (${d.current.map(nameOf).join(", ") || "none"})`);
		if (d.currentStyle === d.otherStyle) navProblems.push(`${name}: the current page looks like any other link (${d.currentStyle})`);
	}
	check(`${book.name}: sidebar contents on every page, the current page highlighted`, navProblems);

	const chain = ["index.html"], pagerProblems = [];
	for (let guard = 0; guard < pages.length + 2; guard++) {
		const cur = byName.get(chain[chain.length - 1]);
		if (!cur || !cur.desktop.next) break;
		const nx = nameOf(cur.desktop.next);
		const ns = byName.get(nx);
		if (!ns) { pagerProblems.push(`${chain[chain.length - 1]}: next -> ${nx}, not a page`); break; }
		if (!ns.desktop.prev || nameOf(ns.desktop.prev) !== chain[chain.length - 1])
			pagerProblems.push(`${nx}: previous is ${ns.desktop.prev ? nameOf(ns.desktop.prev) : "none"}, expected ${chain[chain.length - 1]}`);
		if (chain.includes(nx)) { pagerProblems.push(`next loops back to ${nx}`); break; }
		chain.push(nx);
	}
	// Every page but print.html lies on the chain.
	for (const p of pages) if (p !== "print.html" && !chain.includes(p)) pagerProblems.push(`${p} is not reached by next from index.html`);
	// The chain follows the order of the contents on the title page.
	const order = [];
	for (const u of byName.get("index.html").desktop.contents) {
		const f = u.startsWith("file:") ? nameOf(u) : null;
		if (f && f.endsWith(".html") && !order.includes(f) && chain.includes(f) && f !== "index.html") order.push(f);
	}
	const chainOrder = chain.filter((p) => order.includes(p));
	if (chainOrder.join() !== order.join()) pagerProblems.push(`next goes ${chainOrder.join(" ")}, the contents ${order.join(" ")}`);
	check(`${book.name}: previous/next walk all ${chain.length} pages in contents order`, pagerProblems);

	// (a) search: an inflected form finds the term; a click and Enter go there.
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await ctx.newPage();
	for (const q of book.searches) {
		const want = new URL(q.href, fileUrl(dir, "index.html")).href;
		for (const how of ["click", "Enter"]) {
			const probs = [];
			await page.goto(fileUrl(dir, q.from || "general.html"));
			const input = page.locator("form.search input");
			await input.fill(q.query);
			const first = page.locator(".search-results li a").first();
			try {
				await first.waitFor({ state: "visible", timeout: 5000 });
			} catch (e) {
				probs.push(`no result shown for «${q.query}»`);
			}
			if (!probs.length) {
				const href = await first.evaluate((a) => a.href);
				const text = await first.textContent();
				if (href !== want) probs.push(`first result for «${q.query}» is ${nameOf(href)}${href.includes("#") ? "#" + href.split("#")[1] : ""} (${text}), expected ${q.href}`);
				if (q.number && !text.includes(q.number)) probs.push(`the result shows no clause number ${q.number}: ${text}`);
				if (how === "click") await first.click();
				else await input.press("Enter");
				try {
					await page.waitForURL(want, { timeout: 5000 });
				} catch (e) {
					probs.push(`after ${how}: at ${page.url()}, expected ${want}`);
				}
				const hash = want.split("#")[1];
				if (hash && !(await page.evaluate((h) => {
					const t = document.getElementById(h);
					if (!t) return false;
					const b = t.getBoundingClientRect();
					return b.top >= -1 && b.top < window.innerHeight;
				}, decodeURIComponent(hash)))) probs.push(`#${hash} is not in view after ${how}`);
			}
			check(`${book.name}: search «${q.query}» finds ${q.href}, ${how} goes there`, probs);
		}
	}

	// (b) a term's definition on hover and on keyboard focus.
	await page.goto(fileUrl(dir, book.termPage || "general.html"));
	const term = page.locator("main a.term").first();
	// The definition as the build wrote it, before any script ran.
	const raw = fs.readFileSync(path.join(dir, book.termPage || "general.html"), "utf8");
	const m = raw.match(/<a class="term" href="[^"]*" title="([^"]*)"/);
	const def = m ? m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : null;
	{
		const probs = [];
		if (!def) probs.push("the first a.term has no definition (title)");
		await term.hover();
		const tip = page.locator(".tooltip");
		try { await tip.waitFor({ state: "visible", timeout: 2000 }); } catch (e) { probs.push("no tooltip visible on hover"); }
		if (!probs.length && (await tip.textContent()) !== def) probs.push(`tooltip says «${await tip.textContent()}», the definition is «${def}»`);
		if (!probs.length) {
			const box = await tip.boundingBox();
			if (!box || box.x < 0 || box.x + box.width > 1280) probs.push(`tooltip outside the window: ${JSON.stringify(box)}`);
		}
		await page.mouse.move(0, 0);
		try { await tip.waitFor({ state: "hidden", timeout: 2000 }); } catch (e) { probs.push("tooltip stays after the mouse leaves"); }
		check(`${book.name}: hovering a term shows its definition`, probs);
	}
	{
		// Tab from the element just before the term, as a keyboard user would.
		const probs = [];
		await page.mouse.move(0, 0);
		const reached = await (async () => {
			await page.evaluate(() => {
				const t = document.querySelector("main a.term");
				const all = Array.from(document.querySelectorAll("a[href], input, [tabindex]"));
				const i = all.indexOf(t);
				const before = all[i - 1];
				if (before) before.focus();
			});
			await page.keyboard.press("Tab");
			return page.evaluate(() => document.activeElement === document.querySelector("main a.term"));
		})();
		if (!reached) probs.push("Tab did not reach the term");
		const tip = page.locator(".tooltip");
		try { await tip.waitFor({ state: "visible", timeout: 2000 }); } catch (e) { probs.push("no tooltip visible on focus"); }
		if (!probs.length) {
			if ((await tip.textContent()) !== def) probs.push("the tooltip is not the definition");
			const described = await page.evaluate(() => {
				const a = document.activeElement, id = a.getAttribute("aria-describedby");
				return id && document.getElementById(id) && !document.getElementById(id).hidden;
			});
			if (!described) probs.push("the focused term is not aria-describedby the tooltip");
			const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
			if (outline === "none") probs.push("the focused term shows no focus outline");
		}
		await page.keyboard.press("Escape");
		try { await tip.waitFor({ state: "hidden", timeout: 2000 }); } catch (e) { probs.push("Escape does not hide the tooltip"); }
		check(`${book.name}: focusing a term with the keyboard shows its definition (Escape hides it)`, probs);
	}
	// The skip link is the first stop of Tab and shows when focused.
	{
		const probs = [];
		await page.goto(fileUrl(dir, "general.html"));
		await page.keyboard.press("Tab");
		const skip = await page.evaluate(() => {
			const a = document.activeElement;
			const b = a.getBoundingClientRect();
			return { cls: a.className, href: a.getAttribute("href"), visible: b.top >= 0 && b.bottom <= window.innerHeight && b.width > 0 };
		});
		if (skip.cls !== "skip") probs.push(`first Tab stop is ${JSON.stringify(skip)}`);
		else if (!skip.visible) probs.push("the skip link stays off screen when focused");
		check(`${book.name}: the first Tab stop is a visible skip link`, probs);
	}
	// The print stylesheet: chapters start a page, rows stay whole, the header
	// row repeats, tables do not scroll, the screen furniture is gone.
	{
		const probs = [];
		await page.goto(fileUrl(dir, "print.html"));
		await page.emulateMedia({ media: "print" });
		probs.push(...await page.evaluate(() => {
			const out = [];
			const chapters = document.querySelectorAll("main article.chapter");
			if (chapters.length < 2) out.push(`${chapters.length} chapters in print.html`);
			// a role book's chapters follow on; its acknowledgement sheet starts a page
			const flow = document.body.classList.contains("role-book");
			chapters.forEach((c, i) => {
				const bb = getComputedStyle(c).breakBefore;
				if (!flow && bb !== "page") out.push(`chapter ${i + 1} does not start a page (break-before: ${bb})`);
				if (flow && bb === "page") out.push(`role book: chapter ${i + 1} forces a new page`);
			});
			if (flow) {
				const ack = document.querySelector(".ack-sheet");
				if (!ack || getComputedStyle(ack).breakBefore !== "page") out.push("the acknowledgement sheet does not start a page");
				const last = chapters[chapters.length - 1];
				if (last && !last.classList.contains("chapter-terms")) out.push("the glossary is not the role book's last chapter");
				if (document.querySelector("main .matrix, main .pyramid")) out.push("the role book prints the all-roles matrix or pyramid");
			}
			for (const t of document.querySelectorAll("main table")) {
				if (getComputedStyle(t).display !== "table") out.push(`a table prints as display: ${getComputedStyle(t).display}`);
				const th = t.querySelector("thead");
				if (th && getComputedStyle(th).display !== "table-header-group") out.push("a thead does not repeat");
				for (const tr of t.querySelectorAll("tr"))
					if (getComputedStyle(tr).breakInside !== "avoid") { out.push("a table row may be cut"); break; }
			}
			for (const sel of [".skip", "form.search", "nav.toc", "nav.pager"]) {
				const e = document.querySelector(sel);
				if (e && getComputedStyle(e).display !== "none") out.push(`${sel} prints`);
			}
			return out.slice(0, 20);
		}));
		await page.emulateMedia({ media: "screen" });
		check(`${book.name}: print.html on paper: chapters start pages (a role book's follow on, the glossary last, its sheet on a page), rows stay whole, headers repeat`, probs);
	}
	await ctx.close();
}

// print.html through Chromium's own --print-to-pdf, as docs/print.md says:
// a PDF with bookmarks, at least a page per chapter (each starts a new page),
// at most maxPages when given (a role book's bound).
function checkPdf(p) {
	const { execFileSync } = require("child_process");
	const out = path.join(p.tmp, "book.pdf");
	const probs = [];
	try {
		execFileSync(spec.chromium, ["--headless", "--no-sandbox", "--no-pdf-header-footer", "--generate-pdf-document-outline",
			`--user-data-dir=${path.join(p.tmp, "profile")}`, `--print-to-pdf=${out}`, fileUrl(path.resolve(p.dir), "print.html")],
			{ stdio: ["ignore", "ignore", "pipe"], timeout: 60000 });
	} catch (e) {
		probs.push(`chromium --print-to-pdf failed: ${e.message}`);
	}
	let pages = 0;
	if (!probs.length) {
		const data = fs.existsSync(out) ? fs.readFileSync(out) : Buffer.alloc(0);
		if (data.subarray(0, 5).toString("latin1") !== "%PDF-") probs.push(`${out} is not a PDF (${data.length} bytes)`);
		pages = (data.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
		if (!/\/Outlines\b/.test(data.toString("latin1"))) probs.push("the PDF has no outline (bookmarks)");
		if (pages < p.minPages) probs.push(`${pages} pages, expected at least ${p.minPages} (a cover and a page per chapter)`);
		if (p.maxPages && pages > p.maxPages) probs.push(`${pages} pages, expected at most ${p.maxPages}`);
	}
	const bound = p.maxPages ? `at most ${p.maxPages}` : `at least ${p.minPages}`;
	check(`${p.name || "print.html"} through chromium --print-to-pdf: a PDF with an outline, ${pages} pages (${bound})`, probs);
}

// A book's own svcbook.js (it sets the title): no page of the untrusted
// build runs it, every page of the trusted one does.
async function checkTrust(browser, t) {
	const page = await browser.newPage();
	for (const [dir, trusted] of [[t.untrusted, false], [t.trusted, true]]) {
		const probs = [];
		const names = fs.readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
		for (const name of names) {
			await page.goto(fileUrl(dir, name), { waitUntil: "load" });
			const title = await page.title();
			if ((title === t.payload) !== trusted) probs.push(`${name}: title "${title}"`);
		}
		if (names.length < 3) probs.push(`only ${names.length} pages`);
		check(trusted ? `with --trust-book the book's svcbook.js runs on every page (${names.length} pages, title set)`
			: `without --trust-book no page runs the book's svcbook.js (${names.length} pages keep their titles)`, probs);
	}
	await page.close();
}

(async () => {
	let browser;
	try {
		browser = await chromium.launch({ executablePath: spec.chromium, headless: true });
	} catch (e) {
		notOk(`Chromium starts (${spec.chromium})`, e.message);
		console.log(`${passed} passed, ${failed} failed`);
		process.exit(1);
	}
	try {
		for (const book of spec.books) await checkBook(browser, book);
		if (spec.trust) await checkTrust(browser, spec.trust);
	} catch (e) {
		notOk("the browser checks ran to the end", e.stack);
	}
	if (spec.audit) {
		try {
			await require("./audit.js")(browser, spec.audit, axeSource, check);
		} catch (e) {
			notOk("the audit pages' checks ran to the end", e.stack);
		}
	}
	await browser.close();
	for (const p of [].concat(spec.pdf || [])) checkPdf(p);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
})();
