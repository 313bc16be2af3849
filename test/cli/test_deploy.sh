# deploy/: every manifest and both rendered Kustomize overlays against the Kubernetes OpenAPI
# schemas (npm kubernetes-models, pinned with integrity hashes in test/deploy/package-lock.json),
# every apply-able unit for the settings docs/deploy.md promises, and a self-test that breaks the
# manifests one way at a time and requires each break to be refused (test/deploy/check-manifests.js).
# The npm packages are installed once into the cache; skipped only when npm cannot be reached.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$ROOT/test/deploy
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	skip "deploy manifests: node and npm absent (Debian: apt-get install nodejs npm)"
	exit 0
fi

# ---- the pinned npm packages, installed once per lock file ----
CACHE=${ATTEST_CACHE:-$HOME/.cache/attest-init}
KEY=$(cat "$D/package.json" "$D/package-lock.json" | sha256sum | cut -c1-16)
MODS=$CACHE/npm-deploy-$KEY
mkdir -p "$MODS"
# shellcheck disable=SC2016
flock "$MODS.lock" sh -c 'test -f "$1/.done" && exit 0
	cp "$2/package.json" "$2/package-lock.json" "$1/" &&
	cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >npm.log 2>&1 &&
	touch .done' sh "$MODS" "$D"
if [ ! -f "$MODS/.done" ]; then
	if ! timeout 30 npm ping >/dev/null 2>&1; then
		skip "deploy manifests: the npm registry is unreachable ($(npm config get registry))"
		exit 0
	fi
	notok "npm ci of test/deploy/package-lock.json failed: $(tail -n 3 "$MODS/npm.log" | tr '\n' ' ')"
	exit 0
fi
NODE_PATH=$MODS/node_modules
export NODE_PATH

# ---- render the overlays (kubectl may be absent: our renderer; compared with kubectl's) ----
for o in cvm trustedlaunch; do
	if node "$D/render-kustomize.js" "$ROOT/deploy/overlays/$o" >"$TMP/$o.yaml" 2>"$TMP/err"; then
		ok "kustomize overlay $o renders"
	else
		notok "kustomize overlay $o renders: $(cat "$TMP/err")"
	fi
	if command -v kubectl >/dev/null 2>&1 && kubectl kustomize "$ROOT/deploy/overlays/$o" >"$TMP/$o.kubectl.yaml" 2>/dev/null; then
		node "$D/canonical-yaml.js" "$TMP/$o.yaml" >"$TMP/a" && node "$D/canonical-yaml.js" "$TMP/$o.kubectl.yaml" >"$TMP/b"
		check "overlay $o: our rendering equals kubectl kustomize's" "cmp -s '$TMP/a' '$TMP/b'"
	else
		skip "overlay $o: kubectl kustomize absent, our rendering not compared"
	fi
done
# The renderer refuses what it does not implement rather than ignoring it.
mkdir -p "$TMP/k"
printf 'resources: [../x.yaml]\nnamePrefix: a-\n' >"$TMP/k/kustomization.yaml"
expect "renderer refuses an unsupported kustomization key" 1 node "$D/render-kustomize.js" "$TMP/k"
cp "$ROOT/deploy/base/policy-configmap.yaml" "$TMP/k/cm.yaml"
printf 'resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap, name: other}\n  patch: "[]"\n' >"$TMP/k/kustomization.yaml"
expect "renderer refuses a patch whose target matches nothing" 1 node "$D/render-kustomize.js" "$TMP/k"
printf 'resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap, name: attest-init-policy}\n  patch: '"'"'[{"op": "replace", "path": "/data/nope", "value": "x"}]'"'"' \n' >"$TMP/k/kustomization.yaml"
expect "renderer refuses a replace of a missing member (RFC 6902 4.3)" 1 node "$D/render-kustomize.js" "$TMP/k"
printf 'resources: [cm.yaml]\npatches:\n- target: {kind: ConfigMap, name: attest-init-policy}\n  patch: '"'"'[{"op": "add", "path": "/data/x", "value": "z"}]'"'"' \n' >"$TMP/k/kustomization.yaml"
run node "$D/render-kustomize.js" "$TMP/k"
check "renderer applies an add" "[ $RC = 0 ] && grep -q '^  x: z$' '$TMP/out'"

# ---- schemas and settings ----
PLUGIN=$ROOT/deploy/device-plugin/generic-device-plugin.yaml
CM=$ROOT/deploy/base/policy-configmap.yaml
set --
for f in "$ROOT"/deploy/base/*.yaml; do
	[ "${f##*/}" = kustomization.yaml ] || set -- "$@" "schema:$f" # the base alone: schemas only
done
node "$D/check-manifests.js" --root "$ROOT" --version "$(cat "$ROOT/VERSION")" --resource squat.ai/tpm \
	--self-test cvm,fallback "$@" \
	"unit:cvm=$TMP/cvm.yaml,$PLUGIN" "unit:trustedlaunch=$TMP/trustedlaunch.yaml,$PLUGIN" \
	"unit:pod=$CM,$ROOT/deploy/examples/pod.yaml,$PLUGIN" \
	"unit:fallback=$CM,$ROOT/deploy/examples/pod-hostpath-privileged.yaml" >"$TMP/tap" 2>"$TMP/err"
RC=$?
cat "$TMP/tap"
[ "$RC" = 0 ] || [ -s "$TMP/tap" ] || notok "check-manifests.js: $(cat "$TMP/err")"

# Every manifest file is checked by one of the runs above (a new file must be added here).
for f in $(cd "$ROOT" && find deploy -name '*.yaml' | sort); do
	case "$f" in
	deploy/base/*.yaml | deploy/overlays/*) ;;
	deploy/device-plugin/generic-device-plugin.yaml | deploy/examples/pod.yaml | deploy/examples/pod-hostpath-privileged.yaml) ;;
	*) notok "$f is not checked by test_deploy.sh" ;;
	esac
done

# A broken manifest file fails the whole run (exit 1), not only a self-test line.
sed 's/runAsUser: 65532/runAsUser: "65532"/' "$ROOT/deploy/examples/pod.yaml" >"$TMP/broken.yaml"
expect "a manifest with a schema error fails the check" 1 node "$D/check-manifests.js" --root "$ROOT" \
	--version "$(cat "$ROOT/VERSION")" --resource squat.ai/tpm "unit:broken=$CM,$TMP/broken.yaml,$PLUGIN"
if grep -q '^not ok - unit broken: schema: Pod/attested-workload: .*runAsUser must be integer' "$TMP/out"; then
	ok "the schema error names the field"
else
	notok "the schema error names the field: $(grep '^not ok' "$TMP/out" | head -n 3)"
fi
printf 'a: 1\na: 2\n' >"$TMP/dup.yaml"
expect "a manifest with a duplicate key fails the check" 1 node "$D/check-manifests.js" --root "$ROOT" \
	--version 0 --resource squat.ai/tpm "schema:$TMP/dup.yaml"
