#!/usr/bin/env bash
# Assembles the plugin folder of the multi-language component provider from this checkout's
# build (`npm run build` first):
#
#   <out>/pulumi-resource-kubestellar-its   the launcher (provider/pulumi-resource-kubestellar-its)
#   <out>/package.json                      the package and its SDKs, pinned to this checkout's
#   <out>/node_modules/                     lockfile versions (npm install --omit=dev)
#
# Install it with `pulumi plugin install resource kubestellar-its <version> --file <out>`, or pack
# it as `pulumi-resource-kubestellar-its-v<version>-<os>-<arch>.tar.gz` (the folder's contents at
# the archive root) for a plugin server. Usage: provider/build-plugin.sh <out-dir>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: provider/build-plugin.sh <out-dir>}"
[[ -f "$root/bin/components/package/main.js" ]] || {
  echo "build-plugin: no build in $root/bin (run npm run build)" >&2
  exit 1
}
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "${out:?}/node_modules" "$out"/kubestellar-its-*.tgz
# The package exactly as npm would publish it (package.json "files").
(cd "$root" && npm pack --silent --pack-destination "$out" >/dev/null)
tgz="$(cd "$out" && ls kubestellar-its-*.tgz)"
# The SDKs at the versions this checkout is tested with (the lockfile's), one copy each.
pin() { node -p "require('$root/node_modules/$1/package.json').version"; }
cat >"$out/package.json" <<JSON
{
  "name": "pulumi-resource-kubestellar-its",
  "private": true,
  "description": "The kubestellar-its multi-language component provider (plugin folder).",
  "dependencies": {
    "kubestellar-its": "file:./$tgz",
    "@pulumi/pulumi": "$(pin @pulumi/pulumi)",
    "@pulumi/kubernetes": "$(pin @pulumi/kubernetes)",
    "@pulumi/command": "$(pin @pulumi/command)"
  }
}
JSON
# Install scripts of the Pulumi SDKs only download plugins; the engine finds those itself.
(cd "$out" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --no-package-lock --silent)
cp "$root/provider/pulumi-resource-kubestellar-its" "$out/"
chmod +x "$out/pulumi-resource-kubestellar-its"
echo "$out"
