#!/usr/bin/env bash
# The packed-consumer check: packs the library, installs it into a throwaway Pulumi program
# together with the NEWEST published @pulumi/pulumi, @pulumi/kubernetes and @pulumi/command (as a
# user starting today would) and a conflicting @kubernetes/client-node major, then requires:
#   - exactly one copy of @pulumi/pulumi and of @pulumi/kubernetes in the tree (npm ls);
#   - the library keeps its own @kubernetes/client-node (1.x) beside the program's 0.x;
#   - a TypeScript program using the public API typechecks against those SDKs;
#   - under Pulumi's mocks, the components register against the program's SDK copy
#     (`its.provider instanceof k8s.Provider` in the program's terms) with one ITS provider;
#   - internals are unreachable through the exports map.
# Needs `npm run build` first and the npm registry. Usage: test/consumer/check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { echo "[consumer] $*"; }

(cd "$ROOT" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/kubestellar-its-*.tgz)"
say "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB, $(tar tzf "$tarball" | wc -l) files)"
# What a user installs, listed for the CI log: files per folder, then every file.
tar tzf "$tarball" | awk -F/ '{ d = NF > 3 ? $2 "/" $3 : $2; n[d]++ } END { for (d in n) printf "[consumer]   %5d  %s\n", n[d], d }' | sort -k3
tar tzvf "$tarball" | awk '{ printf "[consumer]     %9s  %s\n", $3, $6 }'
if tar tzf "$tarball" | grep -E '\.map$|^package/test/|^package/sandbox/' >/dev/null; then
  say "FAIL: the package ships source maps, tests or sandbox files"; exit 1
fi

mkdir -p "$work/app"
cp "$ROOT/test/consumer/app/"* "$work/app/"
cd "$work/app"
latest() { npm view "$1" version; }
pp="$(latest @pulumi/pulumi)" pk="$(latest @pulumi/kubernetes)" pc="$(latest @pulumi/command)"
say "newest published: @pulumi/pulumi $pp, @pulumi/kubernetes $pk, @pulumi/command $pc; node $(node --version)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  "$tarball" "@pulumi/pulumi@$pp" "@pulumi/kubernetes@$pk" "@pulumi/command@$pc" \
  "@kubernetes/client-node@0.22.3" "typescript@$(node -p 'require(process.argv[1]).devDependencies.typescript' "$ROOT/package.json")" \
  "@types/node@^22" >/dev/null

status=0
for sdk in @pulumi/pulumi @pulumi/kubernetes; do
  copies="$(npm ls "$sdk" --all --parseable 2>/dev/null | sort -u | wc -l)"
  say "$sdk: $copies copy ($(npm ls "$sdk" --all --parseable | sort -u | tr '\n' ' '))"
  [[ "$copies" == 1 ]] || { say "FAIL: $sdk is installed $copies times"; status=1; }
done
own="$(node -p 'require("./node_modules/kubestellar-its/node_modules/@kubernetes/client-node/package.json").version' 2>/dev/null || echo none)"
theirs="$(node -p 'require("@kubernetes/client-node/package.json").version')"
say "@kubernetes/client-node: program $theirs, library $own"
[[ "$own" == 1.* && "$theirs" == 0.* ]] || { say "FAIL: the library does not keep its own client-node 1.x"; status=1; }

npx tsc -p tsconfig.json && say "the program typechecks against the newest SDKs"
node bin/index.js && say "components registered against the program's SDK copy under mocks"

# The README's first program, copied verbatim into a CommonJS and into an ESM project: it
# typechecks with the project's TypeScript (the floor) and the newest 6.x under node16, nodenext
# and bundler resolution, and runs under mocks in both module systems, with the newest SDKs
# (installed above) and with the oldest the peer ranges admit.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "ts6@npm:typescript@^6" >/dev/null
snippet="$(awk '/^```ts$/ { n++; if (n == 1) { inside = 1; next } } /^```$/ { if (inside) exit } inside' "$ROOT/README.md")"
[[ -n "$snippet" ]] || { say "FAIL: no TypeScript snippet in the README"; exit 1; }
kubeconfig='{"readme:hubKubeconfig":"apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: \"https://hub.example:6443\"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: hub, context: {cluster: hub, user: u}}]\ncurrent-context: hub\n"}'
floor() { node -p "require(process.argv[1]).peerDependencies[process.argv[2]].replace(/^\\^/, '')" "$ROOT/package.json" "$1"; }
mkdir -p "$work/oldest"
(cd "$work/oldest" && echo '{"private": true}' >package.json &&
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$tarball" \
    "@pulumi/pulumi@$(floor @pulumi/pulumi)" "@pulumi/kubernetes@$(floor @pulumi/kubernetes)" \
    "@pulumi/command@$(floor @pulumi/command)" "@types/node@^22" >/dev/null)
readme_program() { # <label> <node_modules> <kind>
  local label="$1" modules="$2" kind="$3" dir="$work/readme-$1-$3"
  mkdir -p "$dir/workloads"
  printf '%s\n' "$snippet" >"$dir/program.ts"
  cp "$ROOT/test/consumer/readme/run.ts" "$dir/run.ts"
  cp "$ROOT/examples/platform/workloads/app.yaml" "$dir/workloads/"
  ln -s "$modules" "$dir/node_modules"
  if [[ "$kind" == esm ]]; then echo '{"type": "module"}' >"$dir/package.json"; else echo '{}' >"$dir/package.json"; fi
  for resolution in node16 nodenext bundler; do
    local module="$resolution"
    [[ "$resolution" == bundler ]] && module=preserve
    cat >"$dir/tsconfig.$resolution.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "$module", "moduleResolution": "$resolution",
  "strict": true, "noEmit": true, "skipLibCheck": false, "types": ["node"] }, "files": ["program.ts", "run.ts"] }
JSON
    for tsc in "$work/app/node_modules/typescript/bin/tsc" "$work/app/node_modules/ts6/bin/tsc"; do
      local version
      version="$(node "$tsc" --version)"
      if (cd "$dir" && node "$tsc" -p "tsconfig.$resolution.json"); then
        say "README program ($kind, $label SDKs) typechecks: $version, moduleResolution $resolution"
      else
        say "FAIL: README program ($kind, $label SDKs) does not typecheck: $version, moduleResolution $resolution"; status=1
      fi
    done
  done
  cat >"$dir/tsconfig.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "node16", "moduleResolution": "node16",
  "strict": true, "outDir": "bin", "types": ["node"] }, "files": ["program.ts", "run.ts"] }
JSON
  (cd "$dir" && node "$work/app/node_modules/typescript/bin/tsc" -p tsconfig.json)
  # Pulumi runs a program in its project directory; the program reads workloads/app.yaml from there.
  if (cd "$dir" && PULUMI_CONFIG="$kubeconfig" node bin/run.js); then
    say "README program runs as $kind under mocks with the $label SDKs ($(cd "$dir" && node -p 'require("@pulumi/pulumi/package.json").version'))"
  else
    say "FAIL: README program does not run as $kind under mocks with the $label SDKs"; status=1
  fi
}
for kind in cjs esm; do
  readme_program newest "$work/app/node_modules" "$kind"
  readme_program oldest "$work/oldest/node_modules" "$kind"
done
exit $status
