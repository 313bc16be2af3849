#!/usr/bin/env node
// Prints a YAML stream's objects as canonical JSON (sorted keys, sorted by kind/name), so two
// renderings of the same objects compare equal byte for byte. Usage: canonical-yaml.js FILE
'use strict';

const fs = require('fs');
const YAML = require('yaml');

function canon(v) {
	if (Array.isArray(v)) return v.map(canon);
	if (v && typeof v === 'object')
		return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
	return v;
}

const objs = [];
for (const d of YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8'), { version: '1.1' })) {
	if (d.errors.length) {
		process.stderr.write(`canonical-yaml: ${d.errors[0].message}\n`);
		process.exit(1);
	}
	const v = d.toJS();
	if (v !== null && v !== undefined) objs.push(canon(v));
}
const key = (o) => `${o.kind}/${(o.metadata || {}).name}`;
objs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
for (const o of objs) process.stdout.write(JSON.stringify(o) + '\n');
