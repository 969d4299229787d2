import { homedir } from "node:os";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** What `expandPath` understands, for messages. */
export const PATH_SYNTAX = "a plain path, ~ or ~/..., ${VAR} and ${VAR:-default} (default without $ or })";

/** A path from stack config that cannot be expanded; the reason says why and what is allowed. */
export class PathExpansionError extends Error {}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^${}]*))?\}/g;

/**
 * Resolves a path from stack config: `~` and `${VAR}` / `${VAR:-default}` are expanded (so a
 * committed stack file can point into a per-machine folder), relative paths are taken from
 * `base` (the project directory). Anything else a shell would expand — `$VAR`, `${VAR-x}`,
 * nested defaults, `~user` — is refused rather than taken literally, as is a variable that is
 * unset (or empty) without a default, and a path that expands to nothing.
 * Throws `PathExpansionError`.
 */
export function expandPath(
  path: string,
  base: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const shown = path.length > 120 ? `${JSON.stringify(path.slice(0, 117))}...` : JSON.stringify(path);
  const refuse = (why: string): never => {
    throw new PathExpansionError(`${shown}: ${why}; allowed: ${PATH_SYNTAX}`);
  };
  const rest = path.replace(VARIABLE, "");
  if (rest.includes("$")) refuse("has a $ that is not ${VAR} or ${VAR:-default}");
  if (/^~[^/]/.test(path)) refuse("~user is not expanded");
  const expanded = path
    .replace(VARIABLE, (_m, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined && fallback !== "") return fallback.replace(/^~(?=\/|$)/, homedir());
      return refuse(
        fallback === undefined
          ? `uses \${${name}}, which is not set`
          : `\${${name}} is not set and its default is empty`,
      );
    })
    .replace(/^~(?=\/|$)/, homedir());
  if (expanded.trim() === "") refuse("expands to an empty path");
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
