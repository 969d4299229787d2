import type { InputIssue } from "./errors";
import { showValue } from "./errors";
import type { SelectorOperator } from "./enums";

/** A `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  /** Label key the requirement applies to. */
  key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  operator: SelectorOperator;
  /** Values for `In`/`NotIn` (non-empty); must be empty for `Exists`/`DoesNotExist`. */
  values?: string[];
}

/** A `metav1.LabelSelector`: `matchLabels` and `matchExpressions` are ANDed. */
export interface LabelSelector {
  /** Exact label matches. @default {} */
  matchLabels?: Record<string, string>;
  /** Set-based requirements. @default [] */
  matchExpressions?: LabelSelectorRequirement[];
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (Kubernetes qualified name), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix))) {
    return `label key ${showValue(key)} has an invalid prefix: it must be a DNS-1123 subdomain of at most 253 characters`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    return `label key ${showValue(key)} is invalid: the name part must be 1-63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === "") return undefined;
  if (value.length > 63 || !NAME_PART.test(value)) {
    return `label value ${showValue(value)} is invalid: at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  }
  return undefined;
}

/** Issues in a label map, each naming the key. */
export function checkLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: string,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const kp = labelKeyProblem(k);
    if (kp !== undefined) issues.push({ path: `${path}`, reason: kp });
    const vp =
      typeof v === "string" ? labelValueProblem(v) : `label ${showValue(k)} must have a string value`;
    if (vp !== undefined) issues.push({ path: `${path}.${k}`, reason: vp });
  }
  return issues;
}

/** Issues in a label selector, with the same rules as the API server's validation. */
export function checkSelector(sel: LabelSelector, path: string): InputIssue[] {
  const issues = checkLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const kp = labelKeyProblem(req.key);
    if (kp !== undefined) issues.push({ path: `${at}.key`, reason: kp });
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) {
          issues.push({ path: `${at}.values`, reason: `operator ${req.operator} needs at least one value` });
        }
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          issues.push({
            path: `${at}.values`,
            reason: `operator ${req.operator} must not have values, got ${showValue(values)}`,
          });
        }
        break;
      default:
        issues.push({
          path: `${at}.operator`,
          reason: `${showValue(req.operator)} is not an operator; allowed: In, NotIn, Exists, DoesNotExist`,
        });
    }
    values.forEach((v, j) => {
      const vp = labelValueProblem(v);
      if (vp !== undefined) issues.push({ path: `${at}.values[${j}]`, reason: vp });
    });
  });
  return issues;
}

/**
 * Why `labels` do not satisfy `sel`: its first requirement they fail, told with the label's
 * value (`location-group is "edge", not "edgee"`); undefined when they satisfy it. An empty
 * selector matches everything, as in Kubernetes.
 */
export function selectorMismatch(
  sel: LabelSelector,
  labels: Readonly<Record<string, string>>,
): string | undefined {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  const shown = (key: string) => (has(key) ? `is ${JSON.stringify(labels[key])}` : "is not set");
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    if (labels[k] !== v) return `${k} ${shown(k)}, not ${JSON.stringify(v)}`;
  for (const req of sel.matchExpressions ?? []) {
    const values = req.values ?? [];
    const inValues = has(req.key) && values.includes(labels[req.key]!);
    const list = JSON.stringify(values);
    switch (req.operator) {
      case "In":
        if (!inValues) return `${req.key} ${shown(req.key)}, not one of ${list}`;
        break;
      case "NotIn":
        if (inValues) return `${req.key} ${shown(req.key)}, one of ${list} (NotIn)`;
        break;
      case "Exists":
        if (!has(req.key)) return `${req.key} is not set (Exists)`;
        break;
      case "DoesNotExist":
        if (has(req.key)) return `${req.key} ${shown(req.key)} (DoesNotExist)`;
        break;
    }
  }
  return undefined;
}

/** Whether `labels` satisfy `sel`. An empty selector matches everything, as in Kubernetes. */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return selectorMismatch(sel, labels) === undefined;
}

/**
 * Whether any selector matches: a BindingPolicy's `clusterSelectors` are ORed, and an empty list
 * selects no cluster (KubeStellar's rule, unlike a single empty selector).
 */
export function anySelectorMatches(
  selectors: readonly LabelSelector[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return selectors.some((s) => selectorMatches(s, labels));
}
