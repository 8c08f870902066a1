// fake-github.js PORTFILE LOGFILE: a stand-in for the three GitHub REST
// calls .ci/action.sh makes (list, post and update an issue comment), on
// 127.0.0.1 at a free port written to PORTFILE; each request is logged as
// one JSON line to LOGFILE. Ends on SIGTERM.
"use strict";
const http = require("http"), fs = require("fs");
const [portFile, logFile] = process.argv.slice(2);
const comments = [];
let next = 100;
const server = http.createServer((req, res) => {
	let body = "";
	req.on("data", c => (body += c));
	req.on("end", () => {
		const auth = req.headers.authorization || "";
		fs.appendFileSync(logFile, JSON.stringify({ method: req.method, url: req.url, auth, body }) + "\n");
		const send = (code, obj) => { res.writeHead(code, { "Content-Type": "application/json" }); res.end(JSON.stringify(obj)); };
		if (auth !== "Bearer test-token") return send(401, { message: "Bad credentials" });
		let m;
		if (req.method === "GET" && (m = req.url.match(/^\/repos\/o\/r\/issues\/(\d+)\/comments/)))
			return send(200, comments.filter(c => c.pr === m[1]));
		if (req.method === "POST" && (m = req.url.match(/^\/repos\/o\/r\/issues\/(\d+)\/comments$/))) {
			const c = { id: next++, pr: m[1], body: JSON.parse(body).body };
			comments.push(c);
			return send(201, c);
		}
		if (req.method === "PATCH" && (m = req.url.match(/^\/repos\/o\/r\/issues\/comments\/(\d+)$/))) {
			const c = comments.find(x => x.id === Number(m[1]));
			if (!c) return send(404, { message: "Not Found" });
			c.body = JSON.parse(body).body;
			return send(200, c);
		}
		send(404, { message: "Not Found" });
	});
});
server.listen(0, "127.0.0.1", () => fs.writeFileSync(portFile, String(server.address().port)));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
