import * as fs from "node:fs";
import * as path from "node:path";

/**
 * This package's root (the folder of its package.json), found from this module whether it runs
 * from the TypeScript sources (tests) or from the build (`bin/components/package`), or from an
 * install in a plugin folder.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const { name } = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown };
      if (name === "kubestellar-its") return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`kubestellar-its: no package.json of kubestellar-its above ${__dirname}`);
    dir = up;
  }
}

let version: string | undefined;

/**
 * The package's version: the component provider's plugin version and its schema's. Read once per
 * process: every transport resource the provider registers asks for it.
 */
export function packageVersion(): string {
  version ??= (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }
  ).version;
  return version;
}
