import type { RedactableIssue } from "./redact";
import { EXPAND_TEMPLATES_ANNOTATION, isGoIdentifier, isMapping, showList } from "../../kube";
import { DEFAULT_EXEC_LIMITS, executeTemplate, TemplateFailure } from "../go/gotemplate";
import type { KubeObject } from "./objects";
import { describeObject } from "./objects";

/** Where a WEC's template properties come from (KubeStellar `customization-properties` contract). */
export interface ClusterPropertySources {
  /** The ManagedCluster name; becomes the built-in `clusterName` property. */
  readonly clusterName: string;
  /** ManagedCluster labels (lowest precedence after `clusterName`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** ManagedCluster annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Data of the WEC's ConfigMap in `customization-properties` (highest precedence). */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * The property map a WEC's templates see, by KubeStellar's precedence (highest first):
 * ConfigMap data > ManagedCluster annotations > labels > `clusterName`. Keys that are not Go
 * identifiers are skipped, as KubeStellar skips them (`token.IsIdentifier`).
 */
export function clusterProperties(src: ClusterPropertySources): Record<string, string> {
  const props: Record<string, string> = {};
  setData(props, "clusterName", src.clusterName);
  for (const layer of [src.labels, src.annotations, src.data]) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (isGoIdentifier(key)) setData(props, key, value);
    }
  }
  return props;
}

/** Longest string one template may expand to; keeps a hostile property from inflating a bundle. */
export const MAX_EXPANDED_STRING = DEFAULT_EXEC_LIMITS.maxOutputBytes;

/** Sets `key` as data, also `__proto__` (a valid ConfigMap key and Go identifier). */
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether a workload object (any value: a raw input too) opted in to template expansion. */
export function wantsExpansion(obj: unknown): boolean {
  const meta = isMapping(obj) ? obj.metadata : undefined;
  const annotations = isMapping(meta) ? meta.annotations : undefined;
  return isMapping(annotations) && annotations[EXPAND_TEMPLATES_ANNOTATION] === "true";
}

/**
 * What `expandString` gives: the expanded text, or every problem. Not exported, so the
 * documentation shows its fields in `expandString`'s signature.
 * @inline
 */
interface Expansion {
  /** The expanded string; empty when the template failed. */
  readonly text: string;
  /**
   * Why the template failed, as Go's `text/template` words it (a missing key also lists the WEC's
   * property names); empty when it expanded.
   */
  readonly issues: string[];
  /** The kind of each problem, with nothing taken from the template or the properties. */
  readonly kinds?: string[];
}

/** What a failed template is called where its text may not be shown. */
const FAILURE_KINDS: Readonly<Record<TemplateFailure, string>> = {
  [TemplateFailure.Parse]: "the template does not parse",
  [TemplateFailure.Exec]: "the template fails when executed",
  [TemplateFailure.Limit]: "the template exceeds the library's expansion bounds",
};

const MISSING_KEY = /^map has no entry for key "/;

/**
 * Expands one leaf string exactly as KubeStellar does: Go `text/template` named `name` (KubeStellar
 * names it by the WEC and the field path), the built-in functions only, `missingkey=error`, on the
 * WEC's properties. Output and evaluation are bounded (`DEFAULT_EXEC_LIMITS`); past a bound the
 * string is refused rather than cut.
 */
export function expandString(
  input: string,
  props: Readonly<Record<string, string>>,
  name = "template",
): Expansion {
  if (!input.includes("{{")) return { text: input, issues: [] };
  const result = executeTemplate(name, input, props);
  if (result.ok) return { text: result.text, issues: [] };
  let reason = result.error;
  if (MISSING_KEY.test(reason)) reason += ` (this WEC's properties: ${showList(Object.keys(props).sort())})`;
  if (result.reason === TemplateFailure.Limit) reason += "; the library bounds template expansion";
  return { text: "", issues: [reason], kinds: [FAILURE_KINDS[result.reason]] };
}

/** Result of expanding one object for one WEC. */
export interface ExpandResult {
  /** The object with every template expanded; the same reference when it did not opt in. */
  readonly object: KubeObject;
  /** True when at least one string held a template (KubeStellar's `wantedChange`). */
  readonly expanded: boolean;
  /** One issue per failed template, with its field path and a wording that does not quote the template. */
  readonly issues: RedactableIssue[];
}

/**
 * Expands every leaf string (never map keys) of an object that opted in with
 * `control.kubestellar.io/expand-templates: "true"`. Objects that did not opt in come back
 * unchanged (the same reference), so identical objects can be shared across WECs.
 * `path` prefixes issue paths (e.g. `workloads[3]`).
 */
export function expandObject(
  obj: KubeObject,
  props: Readonly<Record<string, string>>,
  path: string,
): ExpandResult {
  if (!wantsExpansion(obj)) return { object: obj, expanded: false, issues: [] };
  const issues: RedactableIssue[] = [];
  let expanded = false;
  const who = describeObject(obj);
  const clusterName = props.clusterName ?? "<unknown>";
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === "string") {
      if (!value.includes("{{")) return value;
      expanded = true;
      const r = expandString(value, props, `${clusterName}.${at}`);
      r.issues.forEach((reason, i) => {
        const where = `${who}, field ${at}, for WEC "${clusterName}"`;
        issues.push({
          path: `${path}.${at}`,
          reason: `${where}: ${reason}`,
          redacted: `${where}: ${r.kinds?.[i] ?? "template error"} (the template is not shown: it may be secret)`,
        });
      });
      return r.text;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${at}[${i}]`));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setData(out, k, walk(v, at === "" ? k : `${at}.${k}`));
      return out;
    }
    return value;
  };
  const object = walk(obj, "") as KubeObject;
  return { object, expanded, issues };
}
