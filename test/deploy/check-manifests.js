#!/usr/bin/env node
// Checks deploy/ manifests: every object against the Kubernetes OpenAPI schemas (npm package
// kubernetes-models, pinned in package-lock.json) and for members its types do not declare (as
// the API server's strict field validation does), and every apply-able unit for the settings
// docs/deploy.md promises (attest-init first, non-root, read-only root, no capabilities, no
// privilege escalation, seccomp RuntimeDefault, TPM via the device plugin or the declared
// privileged fallback, read-only host mounts, policy from a ConfigMap equal to a shipped
// policy, token on an in-memory volume, termination message, confidential node selection).
// Prints TAP lines; exit 1 when any check fails.
//
// Usage: check-manifests.js --root REPO --version V --resource NAME [--self-test UNIT[,UNIT]] ARG...
//   schema:FILE             schema check only (e.g. a Kustomize base)
//   unit:NAME=FILE[,FILE]   one apply-able set of objects: schema and every setting
// --self-test UNIT[,UNIT] breaks each UNIT's objects one way at a time and requires each break to be caught.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

// YAML 1.1 as Kubernetes reads it (sigs.k8s.io/yaml): 0444 is octal there, decimal in 1.2.
const YAML_OPTS = { version: '1.1', uniqueKeys: true };
const UID = 65532;
const FALLBACK_ANNOTATION = 'attest-init/tpm-access';
const FALLBACK_VALUE = 'hostpath-privileged';
const SECURITY_TYPE = 'kubernetes.azure.com/security-type';
// Which AKS node pools can prove which isolation (docs/deploy.md "Node pools").
const POOLS_FOR_ISOLATION = {
	sevsnp: ['ConfidentialVM'],
	tdx: ['ConfidentialVM'],
	trustedlaunch: ['TrustedLaunch'],
};
const REQUIRED_ENV = ['ATTEST_PROVIDER_URL', 'ATTEST_POLICY', 'ATTEST_ISOLATION', 'ATTEST_EVENTLOG',
	'ATTEST_OS_RELEASE', 'ATTEST_TOKEN_OUT', 'ATTEST_TERMINATION_LOG'];

function parseArgs(argv) {
	const o = { schema: [], units: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--root' || a === '--version' || a === '--resource' || a === '--self-test') {
			if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
			o[a.slice(2).replace('-t', 'T')] = argv[++i];
		} else if (a.startsWith('schema:')) {
			o.schema.push(a.slice(7));
		} else if (a.startsWith('unit:') && a.includes('=')) {
			const [name, files] = a.slice(5).split('=');
			o.units.push({ name, files: files.split(',') });
		} else {
			throw new Error(`unknown argument ${a}`);
		}
	}
	for (const k of ['root', 'version', 'resource'])
		if (!o[k]) throw new Error(`--${k} is required`);
	return o;
}

function loadObjects(file) {
	const out = [];
	for (const d of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), YAML_OPTS)) {
		if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
		const v = d.toJS();
		if (v !== null && v !== undefined) out.push(v);
	}
	return out;
}

// The ATTEST_* names of src/config/config.c's table: the only settings attest-init knows.
function configNames(root) {
	const src = fs.readFileSync(path.join(root, 'src/config/config.c'), 'utf8');
	const names = new Set(src.match(/"ATTEST_[A-Z0-9_]+"/g).map((s) => s.slice(1, -1)));
	if (names.size < REQUIRED_ENV.length) throw new Error('config table not found in src/config/config.c');
	return names;
}

function shippedPolicies(root) {
	const dir = path.join(root, 'policies');
	return fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'policy.schema.json')
		.map((f) => ({ file: f, value: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

function canon(v) {
	if (Array.isArray(v)) return v.map(canon);
	if (v && typeof v === 'object')
		return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
	return v;
}
const same = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));

// ---- unknown fields ----
// The package's JSON schemas allow members they do not define; the API server (kubectl's default
// strict field validation) refuses them. Its type declarations list each type's members, so walk
// the object along them: a member a type does not declare is an error, as on the server.
const shapes = new Map();
function modelsRoot() {
	return path.dirname(path.dirname(require.resolve('kubernetes-models/package.json')));
}
function shapeOf(file) {
	if (shapes.has(file)) return shapes.get(file);
	const src = fs.readFileSync(file, 'utf8');
	const imports = new Map();
	for (const m of src.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
		const target = m[2].startsWith('.') ? path.resolve(path.dirname(file), m[2]) : path.join(modelsRoot(), m[2]);
		for (const n of m[1].split(',')) imports.set(n.trim(), `${target}.d.ts`);
	}
	const start = src.search(/^export interface I\w+/m);
	if (start < 0) throw new Error(`no interface in ${file}`);
	const body = src.slice(start, src.indexOf('\n}', start));
	const props = new Map();
	for (const m of body.matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) {
		const t = m[2];
		let ref = null;
		let shape = 'leaf';
		if (/^I\w+$/.test(t)) [shape, ref] = ['object', t];
		else if (/^Array<I\w+>$/.test(t)) [shape, ref] = ['array', t.slice(6, -1)];
		props.set(m[1], { shape, file: ref ? imports.get(ref) || null : null });
	}
	shapes.set(file, props);
	return props;
}
function unknownFields(v, file, at, out) {
	if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
	const props = shapeOf(file);
	for (const [k, x] of Object.entries(v)) {
		const p = props.get(k);
		if (!p) {
			out.push(`unknown field ${at}.${k}`);
			continue;
		}
		if (!p.file) continue;
		if (p.shape === 'object') unknownFields(x, p.file, `${at}.${k}`, out);
		if (p.shape === 'array' && Array.isArray(x)) x.forEach((e, i) => unknownFields(e, p.file, `${at}.${k}[${i}]`, out));
	}
	return out;
}

// ---- schema (kubernetes-models validates against the OpenAPI definitions) ----
function schemaErrors(obj) {
	if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string')
		return ['no apiVersion/kind'];
	let mod;
	try {
		mod = require(`kubernetes-models/${obj.apiVersion}`);
	} catch (e) {
		return [`unknown apiVersion ${obj.apiVersion}`];
	}
	const Model = mod[obj.kind];
	if (typeof Model !== 'function') return [`unknown kind ${obj.apiVersion}/${obj.kind}`];
	try {
		new Model(JSON.parse(JSON.stringify(obj))).validate();
	} catch (e) {
		return [String(e.message).split('\n')[0]];
	}
	const dts = path.join(modelsRoot(), 'kubernetes-models', obj.apiVersion, `${obj.kind}.d.ts`);
	return unknownFields(obj, dts, obj.kind, []);
}

// ---- the settings ----
function podSpecs(obj) {
	if (obj.kind === 'Pod') return [{ meta: obj.metadata || {}, spec: obj.spec || {} }];
	if (['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job'].includes(obj.kind)) {
		const t = (obj.spec || {}).template || {};
		return [{ meta: t.metadata || {}, spec: t.spec || {} }];
	}
	return [];
}

const sc = (c) => c.securityContext || {};
function effective(pod, c, key) {
	return sc(c)[key] !== undefined ? sc(c)[key] : (pod.securityContext || {})[key];
}
function envOf(c) {
	const m = {};
	for (const e of c.env || []) m[e.name] = e.value !== undefined ? e.value : { valueFrom: e.valueFrom };
	return m;
}
function limitOf(c, res) {
	const l = ((c.resources || {}).limits || {})[res];
	return l === undefined ? undefined : String(l);
}

function checkContainer(r, pod, c, isGate, fallback) {
	const n = `container ${c.name}`;
	r('run-as-non-root', effective(pod, c, 'runAsNonRoot') === true, `${n}: runAsNonRoot is not true`);
	if (isGate)
		r('run-as-user', effective(pod, c, 'runAsUser') === UID, `${n}: runAsUser is not ${UID}`);
	r('read-only-root-fs', sc(c).readOnlyRootFilesystem === true, `${n}: readOnlyRootFilesystem is not true`);
	const caps = sc(c).capabilities || {};
	r('drop-all-capabilities', Array.isArray(caps.drop) && caps.drop.includes('ALL') &&
		!(caps.add || []).length, `${n}: capabilities do not drop ALL (or add some)`);
	const seccomp = effective(pod, c, 'seccompProfile') || {};
	r('seccomp-runtime-default', seccomp.type === 'RuntimeDefault', `${n}: seccompProfile is not RuntimeDefault`);
	if (isGate && fallback) {
		// The API refuses privileged: true with allowPrivilegeEscalation: false.
		r('privileged-fallback', sc(c).privileged === true && sc(c).allowPrivilegeEscalation !== false,
			`${n}: the declared fallback needs privileged: true and allowPrivilegeEscalation not false`);
	} else {
		r('no-privilege-escalation', sc(c).allowPrivilegeEscalation === false,
			`${n}: allowPrivilegeEscalation is not false`);
		r('not-privileged', sc(c).privileged !== true,
			`${n}: privileged without the ${FALLBACK_ANNOTATION}: ${FALLBACK_VALUE} annotation`);
	}
}

function mountFor(c, volName) {
	return (c.volumeMounts || []).filter((m) => m.name === volName);
}

function checkWorkload(r, unit, objs, meta, pod, ctx) {
	const inits = pod.initContainers || [];
	const gate = inits[0] || {};
	r('first-init-container', gate.name === 'attest-init', 'the first init container is not attest-init');
	if (gate.name !== 'attest-init') return;
	const image = String(gate.image || '');
	r('image', image === `ghcr.io/attest-init/attest-init:${ctx.version}` ||
		/^ghcr\.io\/attest-init\/attest-init@sha256:[0-9a-f]{64}$/.test(image),
		`image ${image} is neither :${ctx.version} (VERSION) nor pinned by digest`);
	r('service-account-token', pod.automountServiceAccountToken === false,
		'automountServiceAccountToken is not false (attest-init needs no API access)');
	const fallback = ((meta.annotations || {})[FALLBACK_ANNOTATION]) === FALLBACK_VALUE;
	for (const c of [...inits, ...(pod.containers || [])])
		checkContainer(r, pod, c, c === gate, fallback);

	// Settings: only names of the config table, the ones a node gate needs, literal values.
	const env = envOf(gate);
	const unknown = Object.keys(env).filter((k) => k.startsWith('ATTEST_') && !ctx.names.has(k));
	r('env-known-names', unknown.length === 0, `not a setting of src/config/config.c: ${unknown.join(' ')}`);
	const missing = REQUIRED_ENV.filter((k) => typeof env[k] !== 'string');
	r('env-required', missing.length === 0, `missing or not a literal value: ${missing.join(' ')}`);
	if (missing.length) return;
	r('env-tcti', env.ATTEST_TCTI === undefined || env.ATTEST_TCTI === 'device:/dev/tpmrm0',
		`ATTEST_TCTI ${env.ATTEST_TCTI} is not the kernel resource manager`);
	r('env-eventlog', env.ATTEST_EVENTLOG.startsWith('/sys/kernel/security/'),
		'ATTEST_EVENTLOG is not under /sys/kernel/security');

	const vols = Object.fromEntries((pod.volumes || []).map((v) => [v.name, v]));
	const gateMount = (p) => (gate.volumeMounts || []).find((m) => p === m.mountPath || p.startsWith(m.mountPath + '/'));
	const hostPaths = (pod.volumes || []).filter((v) => v.hostPath);

	// The TPM and the host files: the device plugin's resource, or the declared fallback.
	if (!fallback) {
		r('tpm-device-resource', limitOf(gate, ctx.resource) === '1', `attest-init does not request ${ctx.resource}: 1`);
		r('no-host-path', hostPaths.length === 0, `hostPath volumes without the fallback annotation: ${hostPaths.map((v) => v.name).join(' ')}`);
		ctx.osReleasePaths.add(env.ATTEST_OS_RELEASE);
	} else {
		const hp = (p, type, at, ro) => {
			const v = hostPaths.find((x) => x.hostPath.path === p);
			const m = v && mountFor(gate, v.name)[0];
			return !!(v && v.hostPath.type === type && m && m.mountPath === at && (!ro || m.readOnly === true));
		};
		r('fallback-tpm-device', hp('/dev/tpmrm0', 'CharDevice', '/dev/tpmrm0', false), 'no hostPath /dev/tpmrm0 (CharDevice) at /dev/tpmrm0');
		r('fallback-securityfs-read-only', hp('/sys/kernel/security', 'Directory', '/sys/kernel/security', true), '/sys/kernel/security is not a read-only hostPath mount');
		r('fallback-os-release-read-only', hp('/etc/os-release', 'File', env.ATTEST_OS_RELEASE, true), `/etc/os-release is not mounted read-only at ATTEST_OS_RELEASE`);
		r('fallback-only-these-host-paths', hostPaths.length === 3, 'other hostPath volumes');
		const others = (pod.containers || []).concat(inits.slice(1));
		r('fallback-host-paths-only-in-gate', others.every((c) => hostPaths.every((v) => !mountFor(c, v.name).length)),
			'a container other than attest-init mounts a hostPath volume');
	}

	// Policy: a read-only ConfigMap mount holding a shipped policy that agrees with the settings
	// (the gate exits 2 config_conflict when provider URL or isolation differ).
	const pm = gateMount(env.ATTEST_POLICY);
	const pv = pm && vols[pm.name];
	const cmName = pv && pv.configMap && pv.configMap.name;
	const key = pm && path.relative(pm.mountPath, env.ATTEST_POLICY);
	const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cmName);
	r('policy-configmap', !!(pm && pm.readOnly === true && cm && cm.data && typeof cm.data[key] === 'string'),
		`ATTEST_POLICY ${env.ATTEST_POLICY} is not a key of a ConfigMap of this unit mounted read-only`);
	if (!(cm && cm.data && typeof cm.data[key] === 'string')) return;
	r('policy-file-mode', pv.configMap.defaultMode === undefined || (pv.configMap.defaultMode & 0o222) === 0,
		'the policy volume is writable (defaultMode)');
	let policy = null;
	try {
		policy = JSON.parse(cm.data[key]);
	} catch (e) {
		policy = null;
	}
	const shipped = policy && ctx.policies.find((p) => same(p.value, policy));
	r('policy-matches-shipped', !!shipped, `ConfigMap ${cmName} ${key} is not equal to any policies/*.json`);
	if (!policy) return;
	r('policy-isolation', policy.isolation === env.ATTEST_ISOLATION,
		`ATTEST_ISOLATION ${env.ATTEST_ISOLATION} != policy isolation ${policy.isolation}`);
	r('policy-provider-url', (policy.provider || {}).url === env.ATTEST_PROVIDER_URL,
		`ATTEST_PROVIDER_URL ${env.ATTEST_PROVIDER_URL} != policy provider.url`);

	// Token hand-off: an in-memory emptyDir, written by attest-init, read-only for the workload.
	const tm = gateMount(env.ATTEST_TOKEN_OUT);
	const tv = tm && vols[tm.name];
	r('token-memory-volume', !!(tv && tv.emptyDir && tv.emptyDir.medium === 'Memory' && tv.emptyDir.sizeLimit),
		'ATTEST_TOKEN_OUT is not on an emptyDir with medium Memory and a sizeLimit');
	const readers = (pod.containers || []).map((c) => mountFor(c, tm ? tm.name : '')).filter((m) => m.length);
	r('token-read-only-in-workload', !!tm && readers.length > 0 && readers.every((ms) => ms.every((m) => m.readOnly === true)),
		'no workload container mounts the token volume, or one mounts it writable');
	// The token file is 0600, owned by attest-init's user: a reader must run as the same user.
	const tokenReaders = (pod.containers || []).filter((c) => tm && mountFor(c, tm.name).length);
	r('token-readable-by-workload', tokenReaders.every((c) => effective(pod, c, 'runAsUser') === UID),
		`a container mounting the token runs as another user than ${UID} (the token file is 0600)`);

	const tpath = gate.terminationMessagePath || '/dev/termination-log';
	r('termination-message', ['FallbackToLogsOnError', 'File'].includes(gate.terminationMessagePolicy) &&
		tpath === env.ATTEST_TERMINATION_LOG,
		'terminationMessagePolicy not set, or terminationMessagePath != ATTEST_TERMINATION_LOG');

	// Node selection: only node pools that can prove the required isolation.
	const pools = new Set();
	const sel = (pod.nodeSelector || {})[SECURITY_TYPE];
	if (sel) pools.add(sel);
	const req = (((pod.affinity || {}).nodeAffinity || {}).requiredDuringSchedulingIgnoredDuringExecution || {});
	for (const t of req.nodeSelectorTerms || [])
		for (const e of t.matchExpressions || [])
			if (e.key === SECURITY_TYPE && e.operator === 'In') (e.values || []).forEach((v) => pools.add(v));
	const allowed = POOLS_FOR_ISOLATION[env.ATTEST_ISOLATION] || [];
	r('node-selection', pools.size > 0 && [...pools].every((p) => allowed.includes(p)),
		`node selection ${SECURITY_TYPE} in [${[...pools]}] does not fit isolation ${env.ATTEST_ISOLATION}`);
}

function checkDevicePlugin(r, pod, ctx) {
	const c = (pod.containers || []).find((x) => (x.args || []).includes('--device'));
	if (!c) return false;
	const args = c.args;
	const domain = args.includes('--domain') ? args[args.indexOf('--domain') + 1] : 'squat.ai';
	let dev = {};
	try {
		dev = YAML.parse(args[args.indexOf('--device') + 1], YAML_OPTS) || {};
	} catch (e) {
		dev = {};
	}
	r('device-plugin-resource', `${domain}/${dev.name}` === ctx.resource, `the plugin's resource ${domain}/${dev.name} is not ${ctx.resource}`);
	const paths = ((dev.groups || [])[0] || {}).paths || [];
	const find = (p) => paths.find((x) => x.path === p) || {};
	const tpm = find('/dev/tpmrm0');
	r('device-plugin-tpm', tpm.type === 'Device' && /r/.test(tpm.permissions || '') && /w/.test(tpm.permissions || '') &&
		!/m/.test(tpm.permissions || ''), '/dev/tpmrm0 is not a Device path with permissions rw');
	const sfs = find('/sys/kernel/security');
	r('device-plugin-securityfs-read-only', sfs.type === 'Mount' && sfs.readOnly === true &&
		(sfs.mountPath === undefined || sfs.mountPath === '/sys/kernel/security'), '/sys/kernel/security is not a read-only Mount');
	const osr = find('/etc/os-release');
	r('device-plugin-os-release-read-only', osr.type === 'Mount' && osr.readOnly === true &&
		[...ctx.osReleasePaths].every((p) => p === osr.mountPath),
		`/etc/os-release is not a read-only Mount at the workloads' ATTEST_OS_RELEASE (${[...ctx.osReleasePaths]})`);
	r('device-plugin-only-these-paths', paths.length === 3 && (dev.groups || []).length === 1, 'the resource carries other paths');
	return true;
}

// Runs every check of one unit; returns [{check, ok, why}].
function checkUnit(objs, ctx) {
	const results = [];
	const r = (check, ok, why) => results.push({ check, ok: !!ok, why });
	for (const o of objs) {
		const errs = schemaErrors(o);
		r('schema', errs.length === 0, `${o.kind}/${(o.metadata || {}).name}: ${errs.join('; ')}`);
	}
	let workloads = 0;
	// Workloads first: the device plugin's os-release path is checked against theirs.
	const ordered = objs.filter((o) => o.kind !== 'DaemonSet').concat(objs.filter((o) => o.kind === 'DaemonSet'));
	for (const o of ordered)
		for (const { meta, spec } of podSpecs(o)) {
			if (o.kind === 'DaemonSet' && checkDevicePlugin(r, spec, ctx)) continue;
			workloads++;
			checkWorkload(r, o, objs, meta, spec, ctx);
		}
	return { results, workloads };
}

// ---- self-test: each break must be caught by the check named ----
function clone(v) {
	return JSON.parse(JSON.stringify(v));
}
function gateOf(objs) {
	const d = objs.find((o) => podSpecs(o).length && !(o.kind === 'DaemonSet'));
	return podSpecs(d)[0];
}
function setEnv(c, name, value) {
	const e = c.env.find((x) => x.name === name);
	if (value === undefined) c.env = c.env.filter((x) => x !== e);
	else if (e) e.value = value;
	else c.env.push({ name, value });
}
const BREAKS = [
	['runAsUser given as a string', 'schema', (p) => { p.spec.initContainers[0].securityContext.runAsUser = String(UID); }],
	['a container without its required name', 'schema', (p) => { delete p.spec.containers[0].name; }],
	['a misspelt field (terminationGracePeriod)', 'schema', (p) => { p.spec.terminationGracePeriod = 5; }],
	['a misspelt security field (readOnlyRootFileSystem)', 'schema', (p) => {
		p.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
	}],
	['resources.limits given as a list', 'schema', (p) => { p.spec.initContainers[0].resources.limits = ['1']; }],
	['attest-init second among init containers', 'first-init-container', (p) => {
		p.spec.initContainers.unshift({ name: 'setup', image: 'busybox', securityContext: clone(p.spec.initContainers[0].securityContext) });
	}],
	['image not the VERSION and not a digest', 'image', (p) => { p.spec.initContainers[0].image = 'ghcr.io/attest-init/attest-init:latest'; }],
	['runAsNonRoot false', 'run-as-non-root', (p) => { p.spec.initContainers[0].securityContext.runAsNonRoot = false; }],
	['runAsUser 0', 'run-as-user', (p) => { p.spec.initContainers[0].securityContext.runAsUser = 0; }],
	['writable root file system', 'read-only-root-fs', (p) => { delete p.spec.initContainers[0].securityContext.readOnlyRootFilesystem; }],
	['capabilities not dropped', 'drop-all-capabilities', (p) => { p.spec.initContainers[0].securityContext.capabilities.drop = ['NET_RAW']; }],
	['a capability added', 'drop-all-capabilities', (p) => { p.spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; }],
	['privilege escalation allowed', 'no-privilege-escalation', (p) => { p.spec.initContainers[0].securityContext.allowPrivilegeEscalation = true; }],
	['seccomp Unconfined', 'seccomp-runtime-default', (p) => {
		p.spec.securityContext.seccompProfile = { type: 'Unconfined' };
		p.spec.initContainers[0].securityContext.seccompProfile = { type: 'Unconfined' };
	}],
	['privileged without the fallback annotation', 'not-privileged', (p) => { p.spec.initContainers[0].securityContext.privileged = true; }],
	['a hostPath volume without the fallback annotation', 'no-host-path', (p) => {
		p.spec.volumes.push({ name: 'dev', hostPath: { path: '/dev' } });
	}],
	['no TPM device resource', 'tpm-device-resource', (p) => {
		for (const k of ['limits', 'requests']) delete p.spec.initContainers[0].resources[k][Object.keys(p.spec.initContainers[0].resources[k]).find((x) => x.includes('/'))];
	}],
	['service account token mounted', 'service-account-token', (p) => { p.spec.automountServiceAccountToken = true; }],
	['a misspelt setting', 'env-known-names', (p) => { setEnv(p.spec.initContainers[0], 'ATTEST_PROVIDER', 'https://x'); }],
	['ATTEST_OS_RELEASE missing', 'env-required', (p) => { setEnv(p.spec.initContainers[0], 'ATTEST_OS_RELEASE', undefined); }],
	['ATTEST_TCTI to a swtpm', 'env-tcti', (p) => { setEnv(p.spec.initContainers[0], 'ATTEST_TCTI', 'swtpm:host=10.0.0.1,port=2321'); }],
	['policy volume mounted writable', 'policy-configmap', (p) => {
		p.spec.initContainers[0].volumeMounts.find((m) => m.mountPath === '/etc/attest-policy').readOnly = false;
	}],
	['policy ConfigMap edited', 'policy-matches-shipped', (p, objs) => {
		const cm = objs.find((o) => o.kind === 'ConfigMap');
		const v = JSON.parse(cm.data['policy.json']);
		v.claims.pop();
		cm.data['policy.json'] = JSON.stringify(v);
	}],
	['ATTEST_ISOLATION not the policy\'s', 'policy-isolation', (p) => { setEnv(p.spec.initContainers[0], 'ATTEST_ISOLATION', 'tdx'); }],
	['ATTEST_PROVIDER_URL not the policy\'s', 'policy-provider-url', (p) => { setEnv(p.spec.initContainers[0], 'ATTEST_PROVIDER_URL', 'https://other.attest.azure.net'); }],
	['token on a disk-backed emptyDir', 'token-memory-volume', (p) => {
		delete p.spec.volumes.find((v) => v.name === 'attest-token').emptyDir.medium;
	}],
	['token volume writable by the workload', 'token-read-only-in-workload', (p) => {
		p.spec.containers[0].volumeMounts.find((m) => m.name === 'attest-token').readOnly = false;
	}],
	['the workload as another user than attest-init', 'token-readable-by-workload', (p) => {
		p.spec.containers[0].securityContext.runAsUser = 1000;
	}],
	['no terminationMessagePolicy', 'termination-message', (p) => { delete p.spec.initContainers[0].terminationMessagePolicy; }],
	['no confidential node selection', 'node-selection', (p) => { delete p.spec.nodeSelector; }],
	['Trusted Launch pool for a SEV-SNP policy', 'node-selection', (p) => { p.spec.nodeSelector[SECURITY_TYPE] = 'TrustedLaunch'; }],
];
// Breaks of the declared privileged fallback (deploy/examples/pod-hostpath-privileged.yaml).
const FALLBACK_BREAKS = [
	['the fallback annotation removed', 'not-privileged', (p) => { delete p.meta.annotations[FALLBACK_ANNOTATION]; }],
	['securityfs mounted writable', 'fallback-securityfs-read-only', (p) => {
		p.spec.initContainers[0].volumeMounts.find((m) => m.mountPath === '/sys/kernel/security').readOnly = false;
	}],
	['os-release mounted writable', 'fallback-os-release-read-only', (p) => {
		p.spec.initContainers[0].volumeMounts.find((m) => m.mountPath.endsWith('os-release')).readOnly = false;
	}],
	['the workload mounting the TPM too', 'fallback-host-paths-only-in-gate', (p) => {
		p.spec.containers[0].volumeMounts.push({ name: 'tpmrm0', mountPath: '/dev/tpmrm0' });
	}],
	['the host root as another hostPath', 'fallback-only-these-host-paths', (p) => {
		p.spec.volumes.push({ name: 'root', hostPath: { path: '/', type: 'Directory' } });
	}],
	['privileged: true with allowPrivilegeEscalation: false', 'privileged-fallback', (p) => {
		p.spec.initContainers[0].securityContext.allowPrivilegeEscalation = false;
	}],
];
const PLUGIN_BREAKS = [
	['device plugin resource renamed', 'device-plugin-resource', (c) => { c.args[c.args.indexOf('--domain') + 1] = 'example.com'; }],
	['securityfs mounted writable by the plugin', 'device-plugin-securityfs-read-only', (c, dev) => {
		dev.groups[0].paths.find((x) => x.path === '/sys/kernel/security').readOnly = false;
	}],
	['os-release at another path than ATTEST_OS_RELEASE', 'device-plugin-os-release-read-only', (c, dev) => {
		dev.groups[0].paths.find((x) => x.path === '/etc/os-release').mountPath = '/etc/os-release';
	}],
	['a device of mknod permission', 'device-plugin-tpm', (c, dev) => { dev.groups[0].paths[0].permissions = 'mrw'; }],
	['another host path in the resource', 'device-plugin-only-these-paths', (c, dev) => {
		dev.groups[0].paths.push({ path: '/', type: 'Mount' });
	}],
];

function selfTest(unit, ctx, tap) {
	const base = unit.objs;
	const pass = checkUnit(clone(base), ctx).results.every((x) => x.ok);
	tap(pass, `self-test ${unit.name}: the unbroken unit passes`);
	const caught = (objs, check) => checkUnit(objs, ctx).results.some((x) => !x.ok && x.check === check);
	const isFallback = ((gateOf(base) || {}).meta || {}).annotations;
	const breaks = isFallback && isFallback[FALLBACK_ANNOTATION] ? FALLBACK_BREAKS : BREAKS;
	for (const [what, check, breakIt] of breaks) {
		const objs = clone(base);
		const wl = gateOf(objs);
		if (!wl) {
			tap(false, `self-test ${unit.name}: no workload to break`);
			return;
		}
		breakIt(wl, objs);
		tap(caught(objs, check), `self-test ${unit.name}: rejects ${what} (${check})`);
	}
	for (const [what, check, breakIt] of PLUGIN_BREAKS) {
		const objs = clone(base);
		const ds = objs.find((o) => o.kind === 'DaemonSet');
		if (!ds) continue;
		const c = ds.spec.template.spec.containers[0];
		const i = c.args.indexOf('--device') + 1;
		const dev = YAML.parse(c.args[i], YAML_OPTS);
		breakIt(c, dev);
		c.args[i] = YAML.stringify(dev, YAML_OPTS);
		tap(caught(objs, check), `self-test ${unit.name}: rejects ${what} (${check})`);
	}
}

function main() {
	let failed = 0;
	const tap = (ok, msg) => {
		if (!ok) failed++;
		process.stdout.write(`${ok ? 'ok' : 'not ok'} - ${msg}\n`);
	};
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`check-manifests: ${e.message}\n`);
		process.exit(2);
	}
	const ctx = {
		version: o.version,
		resource: o.resource,
		names: configNames(o.root),
		policies: shippedPolicies(o.root),
		osReleasePaths: new Set(),
	};
	const load = (f) => {
		try {
			return loadObjects(f);
		} catch (e) {
			tap(false, `load ${f}: ${e.message.split('\n')[0]}`);
			return [];
		}
	};
	for (const f of o.schema) {
		const objs = load(f);
		const errs = objs.flatMap((x) => schemaErrors(x).map((e) => `${x.kind}/${(x.metadata || {}).name}: ${e}`));
		tap(objs.length > 0 && errs.length === 0, `schema ${path.relative(o.root, path.resolve(f))} (${objs.length} objects)${errs.length ? ': ' + errs.join('; ') : ''}`);
	}
	const units = o.units.map((u) => ({ name: u.name, objs: u.files.flatMap(load) }));
	for (const u of units) {
		const { results } = checkUnit(u.objs, ctx);
		const byCheck = new Map();
		for (const x of results) {
			const prev = byCheck.get(x.check) || [];
			byCheck.set(x.check, x.ok ? prev : prev.concat(x.why));
		}
		tap(results.length > 0, `unit ${u.name}: ${results.length} checks ran`);
		for (const [check, whys] of byCheck) tap(whys.length === 0, `unit ${u.name}: ${check}${whys.length ? ': ' + whys.join('; ') : ''}`);
	}
	for (const name of (o.selfTest || '').split(',').filter(Boolean)) {
		const u = units.find((x) => x.name === name);
		if (!u) tap(false, `self-test: no unit ${name}`);
		else selfTest(u, ctx, tap);
	}
	process.exit(failed ? 1 : 0);
}

main();
