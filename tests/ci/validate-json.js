// validate-json.js SCHEMA FILE: validates a JSON document against a JSON
// Schema with ajv (package.json); prints the errors and exits 1 when it is
// not valid, 2 when either cannot be read.
"use strict";
const fs = require("fs");
let Ajv, schema, doc;
try {
	Ajv = require("ajv");
	schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
	doc = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
} catch (e) {
	console.log(String(e));
	process.exit(2);
}
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
if (validate(doc)) process.exit(0);
for (const e of validate.errors) console.log(`${e.instancePath || "/"}: ${e.message}`);
process.exit(1);
