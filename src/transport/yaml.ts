import type { Document, ParsedNode } from "yaml";
import { isMap, isScalar, parseAllDocuments, visit } from "yaml";
import type { InputIssue } from "../kube";
import { GO_YAML_SCALAR_TAGS, InexactInteger, NonFiniteNumber } from "./go-yaml-scalars";

/** Collection and merge tags kept from the YAML 1.1 schema; every scalar tag is Go's (above). */
const KEPT_TAGS = new Set([
  "tag:yaml.org,2002:map",
  "tag:yaml.org,2002:seq",
  "tag:yaml.org,2002:str",
  "tag:yaml.org,2002:merge",
]);

const PARSE_OPTIONS = {
  version: "1.1",
  merge: true,
  uniqueKeys: true,
  prettyErrors: true,
  customTags: (tags: unknown[]) => [
    ...tags.filter((t) => KEPT_TAGS.has((t as { tag?: string }).tag ?? "")),
    ...GO_YAML_SCALAR_TAGS,
  ],
} as const;

/** An integer spelling go-yaml reads as an int (a key Go turns into decimal text, as JavaScript does). */
const INTEGER_KEY = /^[-+]?(0[xXoObB]?)?[0-9a-fA-F_]+$/;

/** Keys JSON cannot carry the way kubectl does: null, floats (Go formats them as float32), huge ints. */
function keyIssues(doc: Document.Parsed<ParsedNode>, at: string, source: string): InputIssue[] {
  const issues: InputIssue[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (key === null || (isScalar(key) && key.value === null)) {
        issues.push({ path: source, reason: `${at}: a mapping key is null; kubectl cannot read it either` });
      } else if (isScalar(key) && typeof key.value === "number" && !INTEGER_KEY.test(key.source ?? "")) {
        issues.push({
          path: source,
          reason: `${at}: mapping key ${JSON.stringify(key.source)} is a float; quote it`,
        });
      } else if (
        isScalar(key) &&
        (key.value instanceof InexactInteger || key.value instanceof NonFiniteNumber)
      ) {
        issues.push({
          path: source,
          reason: `${at}: mapping key ${JSON.stringify(key.source)} is not exact; quote it`,
        });
      } else if (
        isMap(key) ||
        (key !== null && !isScalar(key) && typeof key === "object" && "items" in key)
      ) {
        issues.push({ path: source, reason: `${at}: a mapping key is a collection; JSON keys are strings` });
      }
    },
  });
  return issues;
}

/** Values kubectl reads but JSON in JavaScript cannot carry exactly (refused, never rounded). */
function valueIssues(value: unknown, at: string, source: string, path: string, issues: InputIssue[]): void {
  if (value instanceof InexactInteger) {
    issues.push({
      path: source,
      reason: `${at}, ${path || "the document"}: integer ${value.text} is beyond ±2^53 and cannot be carried exactly (Pulumi and JavaScript numbers are doubles); quote it if the field takes a string`,
    });
  } else if (value instanceof NonFiniteNumber) {
    issues.push({
      path: source,
      reason: `${at}, ${path || "the document"}: ${value.text} is not a finite number and has no JSON form; quote it`,
    });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => valueIssues(v, at, source, `${path}[${i}]`, issues));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      valueIssues(v, at, source, path === "" ? k : `${path}.${k}`, issues);
  }
}

/**
 * A document as kubectl's builder sees it: an object with an `items` field is a list (any kind,
 * as apimachinery's unstructured decoder decides), flattened; an item with neither apiVersion
 * nor kind takes the list's apiVersion and its kind without "List". A list inside a list is
 * refused, as kubectl 1.35 refuses it ("not a list: no Items field").
 */
export function flattenLists(
  value: unknown,
  at: string,
  source: string,
  out: unknown[],
  issues: InputIssue[],
  nested = false,
): void {
  const list = value as { items?: unknown; kind?: unknown; apiVersion?: unknown } | null;
  if (list === null || typeof list !== "object" || Array.isArray(list) || list.items === undefined) {
    out.push(value);
    return;
  }
  if (nested) {
    issues.push({
      path: source,
      reason: `${at}: a List inside a List; kubectl refuses it too (flatten it into one List)`,
    });
    return;
  }
  if (list.items === null) return;
  if (!Array.isArray(list.items)) {
    issues.push({
      path: source,
      reason: `${at}: items must be a list (an object with items is read as a List)`,
    });
    return;
  }
  const kind = typeof list.kind === "string" ? list.kind.replace(/List$/, "") : "";
  for (const item of list.items) {
    const i = item as Record<string, unknown> | null;
    if (i !== null && typeof i === "object" && !Array.isArray(i)) {
      const noType =
        (i.kind === undefined || i.kind === "") && (i.apiVersion === undefined || i.apiVersion === "");
      flattenLists(noType ? { ...i, apiVersion: list.apiVersion, kind } : i, at, source, out, issues, true);
    } else out.push(item);
  }
}

/**
 * Parses workload YAML (one or more `---` documents) into plain objects exactly as `kubectl`
 * reads it (`sigs.k8s.io/yaml`: YAML 1.1 scalars, merge keys, anchors; lists flattened). What
 * JSON cannot carry exactly is refused by name. Problems name the source, document and line.
 */
export function parseWorkloadYaml(
  text: string,
  source: string,
): { objects: unknown[]; issues: InputIssue[] } {
  const objects: unknown[] = [];
  const issues: InputIssue[] = [];
  const docs = parseAllDocuments(text, PARSE_OPTIONS as never) as unknown as Document.Parsed<ParsedNode>[];
  docs.forEach((doc, i) => {
    const at = `${source} document ${i + 1}`;
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line;
      issues.push({
        path: source,
        reason: `malformed YAML in ${at}${line !== undefined ? ` at line ${line}` : ""}: ${err.message.split("\n")[0]}`,
      });
    }
    for (const warning of doc.warnings) {
      // e.g. an explicit tag kubectl does not resolve either (!!binary, !!set, custom tags).
      issues.push({ path: source, reason: `unsupported YAML in ${at}: ${warning.message.split("\n")[0]}` });
    }
    if (doc.errors.length > 0 || doc.warnings.length > 0) return;
    const keys = keyIssues(doc, at, source);
    if (keys.length > 0) {
      issues.push(...keys);
      return;
    }
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
    const before = issues.length;
    valueIssues(value, at, source, "", issues);
    if (issues.length > before) return;
    flattenLists(value, at, source, objects, issues);
  });
  return { objects, issues };
}
