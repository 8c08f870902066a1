// audit.js - the audit pages in Chromium (called by browser.js when its
// spec has "audit"): the HTML report of `svcbook audit` and the printable
// checklists of a build (OUTDIR/audit/audit-ROLE.html).
//
// spec.audit: { "reports": [ { "file", "charts", "url", "links" } ],
//               "checklists": [ { "file", "rows", "maxPages" } ] }
// Checks: zero axe-core violations on a desktop and at 375 px; no
// horizontal scroll at 375 px; the report's charts drawn, titled and their
// text readable on a phone (at least 11 px tall); every item linked to the
// book's url; the report and each checklist printed to PDF by Chromium
// (A4, the checklist on at most maxPages pages, no row split).
"use strict";

const fs = require("fs");
const { pathToFileURL } = require("url");

const views = [
	{ key: "desktop", width: 1280, height: 800 },
	{ key: "phone", width: 375, height: 812 },
];

async function look(page, axeSource) {
	await page.addScriptTag({ content: axeSource });
	return page.evaluate(async () => {
		const se = document.scrollingElement;
		const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
		const charts = Array.from(document.querySelectorAll("svg"), (s) => {
			const id = s.getAttribute("aria-labelledby");
			const t = id && document.getElementById(id);
			const texts = Array.from(s.querySelectorAll("text"), (x) => x.getBoundingClientRect().height);
			return { role: s.getAttribute("role"), title: t ? t.textContent : "", bars: s.querySelectorAll("rect").length,
				minText: texts.length ? Math.min(...texts) : 0, width: s.getBoundingClientRect().width };
		});
		return {
			scroll: se.scrollWidth > se.clientWidth ? `${se.scrollWidth} > ${se.clientWidth}` : "",
			axe: r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(" | ")}`),
			charts,
			links: Array.from(document.querySelectorAll("main a[href]"), (a) => a.getAttribute("href")),
			rows: document.querySelectorAll("tbody tr").length,
		};
	});
}

function pdfPages(buf) {
	return (buf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

// Each page in both views, then printed; returns what was seen.
async function visit(ctx, file, axeSource) {
	const page = await ctx.newPage();
	const seen = {};
	for (const [i, v] of views.entries()) {
		await page.setViewportSize({ width: v.width, height: v.height });
		if (i === 0) await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
		else await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
		seen[v.key] = await look(page, axeSource);
	}
	await page.emulateMedia({ media: "print" });
	const pdf = await page.pdf({ preferCSSPageSize: true, format: "A4", printBackground: true });
	seen.pdf = { head: pdf.subarray(0, 5).toString("latin1"), pages: pdfPages(pdf) };
	await page.close();
	return seen;
}

module.exports = async function checkAudit(browser, a, axeSource, check) {
	const ctx = await browser.newContext();
	for (const rep of a.reports || []) {
		const name = `audit report ${rep.name}`;
		const s = await visit(ctx, rep.file, axeSource);
		check(`${name}: zero axe violations on a desktop and at 375 px`, [...s.desktop.axe, ...s.phone.axe.map((x) => "phone: " + x)]);
		check(`${name}: no horizontal scroll at 375 px`, s.phone.scroll ? [`scroll width ${s.phone.scroll}`] : []);
		const probs = [];
		if (s.phone.charts.length !== rep.charts) probs.push(`${s.phone.charts.length} charts, expected ${rep.charts}`);
		for (const c of s.phone.charts) {
			if (c.role !== "img" || !c.title) probs.push(`a chart without role=img and a title: ${JSON.stringify(c)}`);
			if (!c.bars) probs.push(`chart "${c.title}" has no bars`);
			if (c.minText < 11) probs.push(`chart "${c.title}": text ${c.minText.toFixed(1)} px tall at 375 px`);
			if (c.width > 375) probs.push(`chart "${c.title}" is ${c.width} px wide at 375 px`);
		}
		check(`${name}: ${rep.charts} SVG charts, titled, their text readable on a phone`, probs);
		const links = s.desktop.links;
		const bad = links.filter((h) => !h.startsWith(rep.url));
		check(`${name}: ${rep.links} links to clauses, all at the book's url`,
			links.length === rep.links && !bad.length ? [] : [`${links.length} links (expected ${rep.links}); not at ${rep.url}: ${bad.join(" ")}`]);
		check(`${name}: printed to PDF by Chromium (${s.pdf.pages} A4 pages)`,
			s.pdf.head === "%PDF-" && s.pdf.pages >= 1 ? [] : [`not a PDF or no page: ${JSON.stringify(s.pdf)}`]);
	}
	const sizes = [];
	const probs = { axe: [], scroll: [], pages: [], rows: [] };
	for (const c of a.checklists || []) {
		const s = await visit(ctx, c.file, axeSource);
		const base = c.file.replace(/.*\//, "");
		for (const x of [...s.desktop.axe, ...s.phone.axe]) probs.axe.push(`${base}: ${x}`);
		if (s.phone.scroll) probs.scroll.push(`${base}: ${s.phone.scroll}`);
		if (s.pdf.head !== "%PDF-" || s.pdf.pages < 1 || s.pdf.pages > c.maxPages)
			probs.pages.push(`${base}: ${s.pdf.pages} pages (at most ${c.maxPages} for ${c.rows} items)`);
		if (s.desktop.rows !== c.rows) probs.rows.push(`${base}: ${s.desktop.rows} rows, expected ${c.rows}`);
		sizes.push(`${base.replace(/^audit-|\.html$/g, "")} ${s.pdf.pages}`);
	}
	if (a.checklists && a.checklists.length) {
		const n = a.checklists.length;
		check(`${n} checklists: a row per item`, probs.rows);
		check(`${n} checklists: zero axe violations on a desktop and at 375 px`, probs.axe);
		check(`${n} checklists: no horizontal scroll at 375 px`, probs.scroll);
		check(`${n} checklists printed to PDF by Chromium, A4, each on as few pages as its rows need (pages: ${sizes.join(", ")})`, probs.pages);
	}
	await ctx.close();
};
