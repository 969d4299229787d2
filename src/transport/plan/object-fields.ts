/**
 * The kind-specific fields the API server validates with the same name rules as metadata, judged
 * locally for a preview without the hub (with the hub reachable, its own dry-run judges the whole
 * object: hub-validation.ts): pod template labels and annotations, label selectors, ConfigMap and
 * Secret data keys, a CRD's `<plural>.<group>` name, PriorityClass's reserved prefix. Fields of an
 * unexpected type are left to the server. Pure.
 */
import type { InputIssue } from "../../kube";
import { dns1035LabelProblem, isMapping, labelKeyProblem, labelValueProblem, showValue } from "../../kube";
import type { RedactableIssue } from "./redact";

type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (isMapping(v) ? v[k] : undefined), o);

/** Where a kind keeps its pod template and its selector (by `group/kind`). */
const POD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  "apps/Deployment": ["spec", "template"],
  "apps/StatefulSet": ["spec", "template"],
  "apps/DaemonSet": ["spec", "template"],
  "apps/ReplicaSet": ["spec", "template"],
  "/ReplicationController": ["spec", "template"],
  "batch/Job": ["spec", "template"],
  "batch/CronJob": ["spec", "jobTemplate", "spec", "template"],
};
/** `metav1.LabelSelector` fields, by `group/kind`. */
const LABEL_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  "apps/Deployment": ["spec", "selector"],
  "apps/StatefulSet": ["spec", "selector"],
  "apps/DaemonSet": ["spec", "selector"],
  "apps/ReplicaSet": ["spec", "selector"],
  "batch/Job": ["spec", "selector"],
  "policy/PodDisruptionBudget": ["spec", "selector"],
  "networking.k8s.io/NetworkPolicy": ["spec", "podSelector"],
};
/** Plain label maps used as selectors, by `group/kind`. */
const MAP_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  "/Service": ["spec", "selector"],
  "/ReplicationController": ["spec", "selector"],
};
/** Maps whose keys must be config keys, by `group/kind`. */
const DATA_MAPS: Readonly<Record<string, readonly string[]>> = {
  "/ConfigMap": ["data", "binaryData"],
  "/Secret": ["data", "stringData"],
};
/** PriorityClass names with the reserved `system-` prefix the API server itself defines. */
const SYSTEM_PRIORITY_CLASSES = new Set(["system-node-critical", "system-cluster-critical"]);
/** CRD groups under these domains need the API review annotation. */
const PROTECTED_GROUP = /(^|\.)(k8s\.io|kubernetes\.io)$/;
const API_APPROVED = "api-approved.kubernetes.io";
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_CONFIG_KEY = 253;

/** Why `key` is not a ConfigMap/Secret key (apimachinery's IsConfigMapKey), or undefined. */
export function configKeyProblem(key: string): string | undefined {
  if (key.length === 0) return "must not be empty";
  if (key.length > MAX_CONFIG_KEY) return `must be at most ${MAX_CONFIG_KEY} characters (has ${key.length})`;
  if (!CONFIG_KEY.test(key)) return "must consist of alphanumerics, '-', '_' or '.'";
  if (key === "." || key === "..") return `may not be ${JSON.stringify(key)}`;
  if (key.startsWith("..")) return "may not start with '..'";
  return undefined;
}

/** Problems of a label map (keys and values), as label rules. */
function labelMapIssues(labels: unknown, path: string, who: string): InputIssue[] {
  if (!isMapping(labels)) return [];
  const issues: InputIssue[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKeyProblem(k) ?? (typeof v === "string" ? labelValueProblem(v) : undefined);
    if (problem !== undefined)
      issues.push({ path, reason: `${who}: ${path.split(".").slice(1).join(".")}: ${problem}` });
  }
  return issues;
}

/** Problems of a `metav1.LabelSelector`: its matchLabels, and its expressions' keys and values. */
function selectorIssues(selector: unknown, path: string, who: string): InputIssue[] {
  if (!isMapping(selector)) return [];
  const issues = labelMapIssues(selector.matchLabels, `${path}.matchLabels`, who);
  const exprs = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as unknown[]) : [];
  exprs.forEach((e, i) => {
    if (!isMapping(e)) return;
    const where = `${path}.matchExpressions[${i}]`;
    const keyProblem = typeof e.key === "string" ? labelKeyProblem(e.key) : undefined;
    if (keyProblem !== undefined) issues.push({ path: where, reason: `${who}: ${keyProblem}` });
    for (const v of Array.isArray(e.values) ? (e.values as unknown[]) : []) {
      const p = typeof v === "string" ? labelValueProblem(v) : undefined;
      if (p !== undefined) issues.push({ path: where, reason: `${who}: ${p}` });
    }
  });
  return issues;
}

/** Problems of an annotation map's keys (qualified names, judged lower-cased as the server does). */
export function annotationKeyIssues(annotations: unknown, path: string, who: string): InputIssue[] {
  if (!isMapping(annotations)) return [];
  const issues: InputIssue[] = [];
  for (const key of Object.keys(annotations)) {
    const problem = labelKeyProblem(key.toLowerCase());
    if (problem !== undefined)
      issues.push({
        path,
        reason: `${who}: ${problem.replace("label key", "annotation key").replace(showValue(key.toLowerCase()), showValue(key))}`,
      });
  }
  return issues;
}

/**
 * The kind-specific problems of `obj` (`group`/`kind` from its apiVersion and kind), each at a
 * path under `path`. Data-key problems of a Secret carry a wording that quotes nothing.
 */
export function kindFieldIssues(
  obj: Obj,
  group: string,
  kind: string,
  path: string,
  who: string,
): RedactableIssue[] {
  const gk = `${group}/${kind}`;
  const issues: RedactableIssue[] = [];
  const template = POD_TEMPLATES[gk];
  if (template !== undefined) {
    const meta = at(obj, ...template, "metadata");
    const where = `${path}.${template.join(".")}.metadata`;
    issues.push(...labelMapIssues(at(meta, "labels"), `${where}.labels`, who));
    issues.push(...annotationKeyIssues(at(meta, "annotations"), `${where}.annotations`, who));
  }
  const selector = LABEL_SELECTORS[gk];
  if (selector !== undefined)
    issues.push(...selectorIssues(at(obj, ...selector), `${path}.${selector.join(".")}`, who));
  const mapSelector = MAP_SELECTORS[gk];
  if (mapSelector !== undefined)
    issues.push(...labelMapIssues(at(obj, ...mapSelector), `${path}.${mapSelector.join(".")}`, who));
  for (const field of DATA_MAPS[gk] ?? []) {
    const data = obj[field];
    if (!isMapping(data)) continue;
    for (const key of Object.keys(data)) {
      const problem = configKeyProblem(key);
      if (problem === undefined) continue;
      const reason = `${who}: ${field} key ${showValue(key)} ${problem}`;
      issues.push({ path: `${path}.${field}`, reason, redacted: `${who}: a ${field} key ${problem}` });
    }
  }
  return issues;
}

/** Why `name` does not fit a kind whose name is tied to its content, or undefined. */
export function contentNameProblem(obj: Obj, group: string, kind: string, name: string): string | undefined {
  if (group === "apiextensions.k8s.io" && kind === "CustomResourceDefinition") {
    const plural = at(obj, "spec", "names", "plural");
    const crdGroup = at(obj, "spec", "group");
    if (typeof plural === "string" && typeof crdGroup === "string" && name !== `${plural}.${crdGroup}`)
      return `must be spec.names.plural + "." + spec.group (${showValue(`${plural}.${crdGroup}`)})`;
    const dot = name.indexOf(".");
    const [p, g] = dot < 0 ? [name, ""] : [name.slice(0, dot), name.slice(dot + 1)];
    if (dns1035LabelProblem(p) !== undefined)
      return `must be "<plural>.<group>" with a plural that is a DNS-1035 label (a lower-case letter first), got plural ${showValue(p)}`;
    if (!g.includes("."))
      return `must be "<plural>.<group>" with a group that has a dot, got group ${showValue(g)}`;
    const annotations = at(obj, "metadata", "annotations");
    if (PROTECTED_GROUP.test(g) && !(isMapping(annotations) && typeof annotations[API_APPROVED] === "string"))
      return `is in the protected group ${showValue(g)}: the API server requires the annotation ${API_APPROVED}`;
  }
  if (group === "scheduling.k8s.io" && kind === "PriorityClass" && name.startsWith("system-")) {
    if (!SYSTEM_PRIORITY_CLASSES.has(name))
      return `uses the prefix "system-", which the API server reserves for ${[...SYSTEM_PRIORITY_CLASSES].join(" and ")}`;
  }
  return undefined;
}
