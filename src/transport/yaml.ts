import type { Document, ParsedNode, YAMLError } from "yaml";
import { isMap, isScalar, parseAllDocuments, visit } from "yaml";
import type { RedactableIssue } from "./redact";
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

/** Kinds of YAML problems in words, by the parser's code: what a message may say of secret text. */
const PROBLEMS: Readonly<Partial<Record<YAMLError["code"], string>>> = {
  BAD_ALIAS: "an alias names no anchor before it",
  BAD_INDENT: "bad indentation",
  DUPLICATE_KEY: "a mapping key appears twice",
  MISSING_CHAR: "a closing character is missing (an unterminated quote or bracket?)",
  TAG_RESOLVE_FAILED: "an unknown tag",
  UNEXPECTED_TOKEN: "unexpected text",
  BAD_SCALAR_START: "a plain value starts with a reserved character",
  TAB_AS_INDENT: "a tab used as indentation",
};

/** The kind of a parser problem, never its text (which may quote the input). */
function problemOf(err: YAMLError): string {
  return PROBLEMS[err.code] ?? err.code.toLowerCase().replace(/_/g, " ");
}

/** The kind of a failure to build a document's value, never its text. */
function readProblemOf(err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (message.startsWith("Unresolved alias")) return "an alias names no anchor before it";
  if (message.startsWith("Excessive alias count")) return "too many aliases (a billion-laughs document?)";
  return "the document cannot be built";
}

function lineOf(err: YAMLError): string {
  const line = err.linePos?.[0]?.line;
  return line === undefined ? "" : ` at line ${line}`;
}

function columnOf(err: YAMLError): string {
  const col = err.linePos?.[0]?.col;
  return col === undefined ? "" : ` (column ${col}; the text is not shown: it may be secret)`;
}

/** An integer spelling go-yaml reads as an int (a key Go turns into decimal text, as JavaScript does). */
const INTEGER_KEY = /^[-+]?(0[xXoObB]?)?[0-9a-fA-F_]+$/;

/** Keys JSON cannot carry the way kubectl does: null, floats (Go formats them as float32), huge ints. */
function keyIssues(doc: Document.Parsed<ParsedNode>, at: string, source: string): RedactableIssue[] {
  const issues: RedactableIssue[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (key === null || (isScalar(key) && key.value === null)) {
        issues.push({ path: source, reason: `${at}: a mapping key is null; kubectl cannot read it either` });
      } else if (isScalar(key) && typeof key.value === "number" && !INTEGER_KEY.test(key.source ?? "")) {
        issues.push({
          path: source,
          reason: `${at}: mapping key ${JSON.stringify(key.source)} is a float; quote it`,
          redacted: `${at}: a mapping key is a float; quote it`,
        });
      } else if (
        isScalar(key) &&
        (key.value instanceof InexactInteger || key.value instanceof NonFiniteNumber)
      ) {
        issues.push({
          path: source,
          reason: `${at}: mapping key ${JSON.stringify(key.source)} is not exact; quote it`,
          redacted: `${at}: a mapping key is a number that is not exact; quote it`,
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
function valueIssues(
  value: unknown,
  at: string,
  source: string,
  path: string,
  issues: RedactableIssue[],
): void {
  if (value instanceof InexactInteger) {
    issues.push({
      path: source,
      reason: `${at}, ${path || "the document"}: integer ${value.text} is beyond ±2^53 and cannot be carried exactly (Pulumi and JavaScript numbers are doubles); quote it if the field takes a string`,
      redacted: `${at}, ${path || "the document"}: an integer beyond ±2^53 cannot be carried exactly; quote it if the field takes a string`,
    });
  } else if (value instanceof NonFiniteNumber) {
    issues.push({
      path: source,
      reason: `${at}, ${path || "the document"}: ${value.text} is not a finite number and has no JSON form; quote it`,
      redacted: `${at}, ${path || "the document"}: a number that is not finite has no JSON form; quote it`,
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
  issues: RedactableIssue[],
  nested = false,
): void {
  const list = value as { items?: unknown; kind?: unknown; apiVersion?: unknown } | null;
  if (list === null || typeof list !== "object" || Array.isArray(list) || list.items === undefined) {
    out.push(value);
    return;
  }
  if (nested) {
    const reason = `${at}: a List inside a List; kubectl refuses it too (flatten it into one List)`;
    issues.push({ path: source, reason, redacted: reason });
    return;
  }
  if (list.items === null) return;
  if (!Array.isArray(list.items)) {
    const reason = `${at}: items must be a list (an object with items is read as a List)`;
    issues.push({ path: source, reason, redacted: reason });
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
): { objects: unknown[]; issues: RedactableIssue[] } {
  const objects: unknown[] = [];
  const issues: RedactableIssue[] = [];
  const docs = parseAllDocuments(text, PARSE_OPTIONS as never) as unknown as Document.Parsed<ParsedNode>[];
  docs.forEach((doc, i) => {
    const at = `${source} document ${i + 1}`;
    for (const err of doc.errors) {
      const where = `${at}${lineOf(err)}`;
      issues.push({
        path: source,
        reason: `malformed YAML in ${where}: ${err.message.split("\n")[0]}`,
        redacted: `malformed YAML in ${where}: ${problemOf(err)}${columnOf(err)}`,
      });
    }
    for (const warning of doc.warnings) {
      // e.g. an explicit tag kubectl does not resolve either (!!binary, !!set, custom tags).
      issues.push({
        path: source,
        reason: `unsupported YAML in ${at}: ${warning.message.split("\n")[0]}`,
        redacted: `unsupported YAML in ${at}${lineOf(warning)}: ${problemOf(warning)}${columnOf(warning)}`,
      });
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
        redacted: `cannot read ${at}: ${readProblemOf(err)}`,
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
