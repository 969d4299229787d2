/**
 * What each WEC will hold, as files a reviewer (or CI) can diff: every delivered object after
 * sanitizing and template expansion, one YAML file per object under `<set>/<wec>/` (or
 * `<set>/placement-<group>/` for a fan-out group), like `helm template`. Rendered from the plan
 * `check` computed, so it needs no hub and adds nothing to the state. A Secret is rendered by
 * name only. Pure, except `writeRendered`.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { stringify } from "yaml";
import type { KubeObject } from "../../plan/objects";
import { isSecretObject } from "../../plan/secrets";
import type { DeliveredObject } from "./hub-validation";

/** The environment variable naming the directory renders are written to (unset: nothing is written). */
export const RENDER_DIR_ENV = "KSITS_RENDER_DIR";

/** One rendered file: its path below the render directory and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

/** `Kind.group_namespace_name.yaml`, with anything but `[A-Za-z0-9._-]` as `_`: one file per object id. */
function fileName(object: KubeObject): string {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "core";
  const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const parts = [
    `${String(object.kind)}.${group}`,
    typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "cluster-scoped",
    String(meta.name),
  ];
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]/g, "_")).join("_")}.yaml`;
}

/** A Secret as the render shows it: what it is and where, nothing of its content. */
function secretStub(object: KubeObject): Record<string, unknown> {
  const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name: meta.name, ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }) },
  };
}

/**
 * The files for `delivered`, sorted by path. Keys are sorted, so a file changes only when its
 * content does and `diff -ru` shows each changed field, old and new.
 */
export function renderDelivered(delivered: readonly DeliveredObject[]): RenderedFile[] {
  const files = new Map<string, string>();
  for (const d of delivered) {
    let path = `${d.target}/${fileName(d.object)}`;
    // Two ids that clean to one name (rare): the later one gets a numbered name.
    for (let n = 2; files.has(path); n++)
      path = `${d.target}/${fileName(d.object).replace(/\.yaml$/, `.${n}.yaml`)}`;
    const secret = isSecretObject(d.object);
    const header = `# ${d.source} for ${d.where}${secret ? " (a Secret: its content is not rendered)" : ""}\n`;
    const body = stringify(secret ? secretStub(d.object) : d.object, { sortMapEntries: true, lineWidth: 0 });
    files.set(path, header + body);
  }
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, text]) => ({ path, text }));
}

/**
 * Writes `files` below `dir`, each target directory replaced as a whole (a removed object's file
 * goes). Paths that would leave `dir` are refused (they cannot occur: set and WEC names are DNS
 * labels and file names are cleaned).
 */
export function writeRendered(dir: string, files: readonly RenderedFile[]): void {
  const root = resolve(dir);
  const inside = (p: string) => {
    const full = resolve(root, p);
    if (full !== root && !full.startsWith(root + sep))
      throw new Error(`render path ${JSON.stringify(p)} leaves ${root}`);
    return full;
  };
  for (const target of new Set(files.map((f) => dirname(f.path))))
    rmSync(inside(target), { recursive: true, force: true });
  for (const f of files) {
    const full = inside(f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.text);
  }
}
