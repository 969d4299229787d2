import type { InputIssue } from "../kube";
import { EXPAND_TEMPLATES_ANNOTATION, isGoIdentifier, showList } from "../kube";
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
export const MAX_EXPANDED_STRING = 256 * 1024;

/**
 * The only action supported inside `{{ }}`: a property reference `.key`, with Go's optional
 * trim markers (`{{- .key -}}`). Nothing is ever executed, so a template cannot run code,
 * loop, or call functions.
 */
const ACTION = /^(-[ \t\r\n])?[ \t\r\n]*\.([\p{L}_][\p{L}\p{Nd}_]*)[ \t\r\n]*([ \t\r\n]-)?$/u;
/** Go's template lexer trims exactly these (`isSpace`: space, tab, CR, LF), not Unicode spaces. */
const GO_TRAILING_SPACE = /[ \t\r\n]+$/;
const GO_LEADING_SPACE = /^[ \t\r\n]+/;

/** Sets `key` as data, also `__proto__` (a valid ConfigMap key and Go identifier). */
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function wantsExpansion(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[EXPAND_TEMPLATES_ANNOTATION] === "true";
}

interface Expansion {
  readonly text: string;
  readonly issues: string[];
}

/** Expands one leaf string the way Go's text/template with `missingkey=error` would. */
export function expandString(input: string, props: Readonly<Record<string, string>>): Expansion {
  const issues: string[] = [];
  let out = "";
  let rest = input;
  for (;;) {
    const open = rest.indexOf("{{");
    if (open < 0) {
      out += rest;
      break;
    }
    const close = rest.indexOf("}}", open + 2);
    if (close < 0) {
      issues.push(`unclosed action: ${JSON.stringify(rest.slice(open, open + 40))}`);
      out += rest.slice(0, open);
      break;
    }
    const action = rest.slice(open + 2, close);
    const m = ACTION.exec(action);
    let text = rest.slice(0, open);
    if (m === null) {
      issues.push(
        `unsupported template action "{{${action.length > 80 ? `${action.slice(0, 77)}...` : action}}}": only property references like "{{ .clusterName }}" are allowed`,
      );
    } else {
      if (m[1] !== undefined) text = text.replace(GO_TRAILING_SPACE, "");
      const key = m[2]!;
      const value = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      if (value === undefined) {
        const known = showList(Object.keys(props).sort());
        issues.push(`map has no entry for key "${key}" (this WEC's properties: ${known})`);
      } else {
        text += value;
      }
    }
    out += text;
    rest = rest.slice(close + 2);
    if (m?.[3] !== undefined) rest = rest.replace(GO_LEADING_SPACE, "");
    if (out.length > MAX_EXPANDED_STRING) {
      issues.push(`expands to more than ${MAX_EXPANDED_STRING} characters`);
      break;
    }
  }
  return { text: out, issues };
}

/** Result of expanding one object for one WEC. */
export interface ExpandResult {
  readonly object: KubeObject;
  /** True when at least one string held a template (KubeStellar's `wantedChange`). */
  readonly expanded: boolean;
  readonly issues: InputIssue[];
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
  const issues: InputIssue[] = [];
  let expanded = false;
  const who = describeObject(obj);
  const clusterName = props.clusterName ?? "<unknown>";
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === "string") {
      if (!value.includes("{{")) return value;
      expanded = true;
      const r = expandString(value, props);
      for (const reason of r.issues) {
        issues.push({
          path: `${path}.${at}`,
          reason: `${who}, field ${at}, for WEC "${clusterName}": ${reason}`,
        });
      }
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
