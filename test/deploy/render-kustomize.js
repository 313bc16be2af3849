#!/usr/bin/env node
// Renders a Kustomize directory to a YAML stream on stdout, for machines without kubectl.
// Only the subset deploy/ uses: `resources` (files and directories holding a kustomization.yaml)
// and `patches` whose patch is an RFC 6902 JSON patch (inline `patch` or `path`) with a
// `target` of kind and name. Anything else in a kustomization is an error, never ignored, so
// a manifest using more of Kustomize cannot be rendered differently here than by kubectl
// (test/cli/test_deploy.sh compares both when kubectl is present). It is stricter than kustomize
// where RFC 6902 is: a "replace" or "remove" of a missing member is an error (RFC 6902 4.2, 4.3).
// Usage: render-kustomize.js DIR
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const YAML_OPTS = { version: '1.1', uniqueKeys: true };
const KNOWN_KEYS = new Set(['apiVersion', 'kind', 'resources', 'patches']);

function fail(msg) {
	process.stderr.write(`render-kustomize: ${msg}\n`);
	process.exit(1);
}

function parseDocs(file) {
	// YAML 1.1 as Kubernetes reads it (sigs.k8s.io/yaml): 0444 is octal there, decimal in 1.2.
	const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), YAML_OPTS);
	const out = [];
	for (const d of docs) {
		if (d.errors.length) fail(`${file}: ${d.errors[0].message}`);
		const v = d.toJS();
		if (v !== null && v !== undefined) out.push(v);
	}
	return out;
}

// RFC 6901 JSON pointer to [parent, key]; "-" appends to an array (RFC 6902 4.1).
function locate(doc, pointer, forAdd) {
	if (!pointer.startsWith('/')) fail(`bad JSON pointer '${pointer}'`);
	const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
	let node = doc;
	for (let i = 0; i < parts.length - 1; i++) {
		const k = Array.isArray(node) ? Number(parts[i]) : parts[i];
		if (node === null || typeof node !== 'object' || !(k in node))
			fail(`JSON pointer '${pointer}' does not exist`);
		node = node[k];
	}
	const last = parts[parts.length - 1];
	if (Array.isArray(node)) {
		if (last === '-' && forAdd) return [node, node.length];
		const idx = Number(last);
		if (!Number.isInteger(idx) || idx < 0 || idx > node.length - (forAdd ? 0 : 1))
			fail(`JSON pointer '${pointer}': index out of range`);
		return [node, idx];
	}
	if (node === null || typeof node !== 'object') fail(`JSON pointer '${pointer}' does not exist`);
	if (!forAdd && !(last in node)) fail(`JSON pointer '${pointer}' does not exist`);
	return [node, last];
}

function applyOps(doc, ops, where) {
	if (!Array.isArray(ops)) fail(`${where}: a JSON patch is a list of operations`);
	for (const op of ops) {
		const [parent, key] = locate(doc, op.path, op.op === 'add');
		switch (op.op) {
		case 'add':
			if (Array.isArray(parent)) parent.splice(key, 0, op.value);
			else parent[key] = op.value;
			break;
		case 'replace':
			parent[key] = op.value;
			break;
		case 'remove':
			if (Array.isArray(parent)) parent.splice(key, 1);
			else delete parent[key];
			break;
		default:
			fail(`${where}: unsupported JSON patch operation '${op.op}'`);
		}
	}
}

function render(dir) {
	const kfile = path.join(dir, 'kustomization.yaml');
	if (!fs.existsSync(kfile)) fail(`${dir}: no kustomization.yaml`);
	const [k] = parseDocs(kfile);
	for (const key of Object.keys(k))
		if (!KNOWN_KEYS.has(key)) fail(`${kfile}: '${key}' is not supported by this renderer`);
	let objs = [];
	for (const r of k.resources || []) {
		const p = path.join(dir, r);
		objs = objs.concat(fs.statSync(p).isDirectory() ? render(p) : parseDocs(p));
	}
	for (const patch of k.patches || []) {
		const t = patch.target || {};
		for (const key of Object.keys(t))
			if (key !== 'kind' && key !== 'name') fail(`${kfile}: target '${key}' is not supported`);
		const ops = patch.path ? parseDocs(path.join(dir, patch.path))[0] : YAML.parse(patch.patch, YAML_OPTS);
		const hits = objs.filter((o) => o.kind === t.kind && o.metadata.name === t.name);
		if (hits.length !== 1) fail(`${kfile}: patch target ${t.kind}/${t.name} matches ${hits.length} objects`);
		applyOps(hits[0], ops, kfile);
	}
	return objs;
}

if (process.argv.length !== 3) fail('usage: render-kustomize.js DIR');
const objs = render(process.argv[2]);
process.stdout.write(objs.map((o) => YAML.stringify(o, YAML_OPTS)).join('---\n'));
