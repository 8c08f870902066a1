// screenshots.js - PNG screenshots of a built HTML book for the README: the
// title page, a role page and the glossary, on a desktop (1280x800) and on a
// phone (375x812), light scheme, with Debian's headless chromium.
//
// usage: node scripts/screenshots.js HTMLDIR OUTDIR [ROLEPAGE]
// env:   CHROMIUM=path (default /usr/bin/chromium)
"use strict";

const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const [dir, outDir, rolePage = "role-operator-l1.html"] = process.argv.slice(2);
if (!dir || !outDir) {
	console.error("usage: node scripts/screenshots.js HTMLDIR OUTDIR [ROLEPAGE]");
	process.exit(2);
}
const shots = [
	{ name: "index", page: "index.html" },
	{ name: "role", page: rolePage },
	{ name: "glossary", page: "glossary.html" },
];
const views = [
	{ name: "desktop", viewport: { width: 1280, height: 800 } },
	{ name: "phone", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
];

(async () => {
	fs.mkdirSync(outDir, { recursive: true });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		// Same pixels every run: no font hinting or LCD antialiasing guesses.
		args: ["--font-render-hinting=none", "--disable-lcd-text", "--hide-scrollbars", "--force-color-profile=srgb", "--disable-gpu", "--disable-skia-runtime-opts", "--disable-partial-raster"],
	});
	for (const v of views) {
		const ctx = await browser.newContext({
			viewport: v.viewport, deviceScaleFactor: 1, isMobile: !!v.isMobile, hasTouch: !!v.hasTouch,
			colorScheme: "light", reducedMotion: "reduce", locale: "ru-RU",
		});
		const page = await ctx.newPage();
		for (const s of shots) {
			const file = path.join(path.resolve(dir), s.page);
			if (!fs.existsSync(file)) throw new Error(`no ${file}`);
			await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
			await page.evaluate(() => document.fonts.ready);
			// The sticky sidebar is its own compositing layer or not depending
			// on timing, which moves it by a pixel from one run to the next; at
			// the top of the page it looks the same static.
			await page.addStyleTag({ content: ".toc { position: static !important; }" });
			const out = path.join(outDir, `${s.name}-${v.name}.png`);
			// Until two shots in a row agree: the layout has settled.
			let shot = await page.screenshot({ animations: "disabled", caret: "hide" });
			for (let i = 0; i < 5; i++) {
				await page.waitForTimeout(100);
				const again = await page.screenshot({ animations: "disabled", caret: "hide" });
				if (again.equals(shot)) break;
				if (process.env.SHOTS_DEBUG) console.error(`${s.name}-${v.name}: shot ${i + 2} differs`);
				shot = again;
			}
			fs.writeFileSync(out, shot);
			console.log(`${out} ${fs.statSync(out).size} bytes`);
		}
		await ctx.close();
	}
	await browser.close();
})().catch((e) => {
	console.error(`screenshots: ${e.message}`);
	process.exit(1);
});
