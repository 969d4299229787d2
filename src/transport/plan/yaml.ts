import type { RedactableIssue } from "./redact";
import { kubectlDecodeYaml, TOO_DEEP } from "../go/go-reference";
import { describePosition, yamlErrorPosition } from "./yaml-position";

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

/** At most this much of kubectl's own error text is shown. */
const MAX_ERROR_CHARS = 300;

/** kubectl's own prefix for a YAML document it cannot convert. */
const CONVERTING = /^error converting YAML to JSON: /;
/**
 * Parser messages made of fixed words only, where a quoted character is the parser naming a token
 * (`did not find expected ',' or '}'`, `invalid character 'x' looking for beginning of value`).
 */
const FIXED_WORDS = /^(?:[A-Za-z ,<>()-]|'[^'\\]')+$/;

/**
 * kubectl's error in a form that cannot quote the input (a secret value): go-yaml's
 * `yaml: line N: <fixed words>` and JSON's syntax messages as they are; any other message (it may
 * print an anchor name, a key or a value) reduced to its line, if it names one.
 */
function redactedKubectlError(message: string): string {
  const rest = message.replace(CONVERTING, "");
  const yamlLine = /^yaml: line (\d+): (.*)$/s.exec(rest);
  if (yamlLine !== null && FIXED_WORDS.test(yamlLine[2]!)) return rest;
  if (yamlLine === null && FIXED_WORDS.test(rest)) return rest;
  const line = /\bline (\d+)\b/.exec(rest)?.[1];
  return `${line === undefined ? "" : `line ${line}: `}not valid YAML or JSON (kubectl's message is not shown: it may quote the text)`;
}

function bounded(message: string): string {
  const line = message.replace(/\s+/g, " ").trim();
  return line.length <= MAX_ERROR_CHARS
    ? line
    : `${line.slice(0, MAX_ERROR_CHARS)}… (${line.length} characters)`;
}

/**
 * Parses workload YAML (one or more `---` documents, or JSON objects) into plain objects exactly
 * as `kubectl apply -f` reads it: by kubectl 1.35.4's own decoder, run as WebAssembly
 * (go-reference.ts), then lists flattened as kubectl's builder does. Integers beyond ±2^53, which
 * kubectl keeps and JavaScript cannot, are refused by path. A document kubectl cannot read is
 * refused with kubectl's own message (quoted input removed in the redacted form); like kubectl,
 * nothing after it is read.
 */
export function parseWorkloadYaml(
  text: string,
  source: string,
): {
  /** The documents read, in order, each List's items in its place; not yet validated as objects. */
  objects: unknown[];
  /**
   * Every problem, by document; each also has a `redacted` wording that quotes nothing of the text,
   * for YAML that may hold a Secret.
   */
  issues: RedactableIssue[];
} {
  const objects: unknown[] = [];
  const issues: RedactableIssue[] = [];
  const decoded = kubectlDecodeYaml(text);
  decoded.docs.forEach((doc, i) => {
    const at = `${source} document ${i + 1}`;
    const before = issues.length;
    for (const path of doc.inexact ?? []) {
      const where = `${at}, ${path || "the document"}`;
      issues.push({
        path: source,
        reason: `${where}: an integer beyond ±2^53 cannot be carried exactly (Pulumi and JavaScript numbers are doubles); quote it if the field takes a string`,
        redacted: `${where}: an integer beyond ±2^53 cannot be carried exactly; quote it if the field takes a string`,
      });
    }
    if (issues.length > before) return;
    const value = JSON.parse(doc.json) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      // kubectl decodes each document into an object and stops at one that is not ("unable to
      // decode"): a document that is text, a number or a list.
      const what = Array.isArray(value) ? "a list" : typeof value === "string" ? "text" : `a ${typeof value}`;
      const reason = `kubectl cannot read ${at}: it is ${what}, not a Kubernetes object (a mapping)`;
      issues.push({ path: source, reason, redacted: reason });
      return;
    }
    flattenLists(value, at, source, objects, issues);
  });
  if (decoded.error !== undefined) {
    const at = `${source} document ${decoded.docs.length + 1}`;
    // kubectl names the document's line only: the file's line and a column point at the place.
    const where =
      decoded.error === TOO_DEEP
        ? ""
        : describePosition(yamlErrorPosition(text, decoded.docs.length, decoded.error));
    issues.push({
      path: source,
      reason: `kubectl cannot read ${at}: ${bounded(decoded.error)}${where}`,
      // The library's own words (too deep) and positions quote nothing; kubectl's may.
      redacted: `kubectl cannot read ${at}: ${bounded(decoded.error === TOO_DEEP ? TOO_DEEP : redactedKubectlError(decoded.error))}${where}`,
    });
  }
  return { objects, issues };
}
