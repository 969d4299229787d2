import { homedir } from "node:os";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/**
 * Resolves a path from stack config: `~` and `${VAR}` / `${VAR:-default}` are expanded (so a
 * committed stack file can point into a per-machine folder), relative paths are taken from
 * `base` (the project directory). An unset variable without a default is an error.
 */
export function expandPath(
  path: string,
  base: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const expanded = path
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_m, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== "") return value;
        if (fallback !== undefined) return fallback.replace(/^~(?=\/|$)/, homedir());
        throw new Error(`path ${JSON.stringify(path)} uses \${${name}}, which is not set`);
      },
    )
    .replace(/^~(?=\/|$)/, homedir());
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

/**
 * The nearest folder at or above `start` holding `Pulumi.yaml`: the project directory. Found by
 * walking up from the compiled program, because the engine runs it from `bin/` and older language
 * hosts do not report the root directory.
 */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no Pulumi.yaml found at or above ${start}`);
    dir = parent;
  }
}
