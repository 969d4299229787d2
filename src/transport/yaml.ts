import { parseAllDocuments } from "yaml";
import type { InputIssue } from "../errors";

/**
 * Parses workload YAML (one or more `---` documents) into plain objects. Empty documents are
 * skipped and `kind: List` is flattened, as kubectl does. Problems name the source and line.
 */
export function parseWorkloadYaml(
  text: string,
  source: string,
): { objects: unknown[]; issues: InputIssue[] } {
  const objects: unknown[] = [];
  const issues: InputIssue[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  docs.forEach((doc, i) => {
    const at = `${source} document ${i + 1}`;
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line;
      issues.push({
        path: source,
        reason: `malformed YAML in ${at}${line !== undefined ? ` at line ${line}` : ""}: ${err.message.split("\n")[0]}`,
      });
    }
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // e.g. "Excessive alias count" for a billion-laughs document: refuse it by name.
      issues.push({
        path: source,
        reason: `cannot read ${at}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
      });
      return;
    }
    if (value === null || value === undefined) return;
    const v = value as { kind?: unknown; apiVersion?: unknown; items?: unknown };
    if (v.kind === "List" && v.apiVersion === "v1" && Array.isArray(v.items))
      objects.push(...(v.items as unknown[]));
    else objects.push(value);
  });
  return { objects, issues };
}
