/**
 * The one reader of workload inputs: `workloads` (objects) and `yaml` (text), read as kubectl
 * reads them. Planning, secret detection and redaction all see the objects it gives. Pure.
 */
import type { InputIssue } from "../../kube";
import type { RedactableIssue } from "./redact";
import { flattenLists, parseWorkloadYaml } from "./yaml";

/** The workload inputs every transport resource takes. */
export interface WorkloadSources {
  workloads?: Record<string, unknown>[];
  yaml?: string[];
}

/**
 * How deep a workload object may nest. Kubernetes objects stay far below it (a CRD's schema is a
 * few dozen levels); it keeps every walk of the library well inside the call stack.
 */
export const MAX_WORKLOAD_DEPTH = 200;
/** At most this many shape problems are collected: the message is bounded anyway. */
const MAX_SHAPE_ISSUES = 100;

/**
 * What makes a `workloads` entry something no JSON document can be: a cycle, nesting deeper than
 * MAX_WORKLOAD_DEPTH, a BigInt, a function or a symbol, a number that is not finite. Found
 * iteratively (no walk of the input before this one), each by path. Pure.
 */
export function workloadShapeIssues(inputs: WorkloadSources): InputIssue[] {
  const issues: InputIssue[] = [];
  (inputs.workloads ?? []).forEach((root, i) => shapeIssues(root, `workloads[${i}]`, issues));
  return issues;
}

/** The shape problems of one value (see workloadShapeIssues), added to `issues`. */
function shapeIssues(root: unknown, rootPath: string, issues: InputIssue[]): void {
  const start = issues.length;
  {
    const ancestors = new Set<object>();
    // [value, path, depth, leaving]: a node is pushed again to leave it (its ancestors end there).
    const stack: [unknown, string, number, boolean][] = [[root, rootPath, 0, false]];
    while (stack.length > 0 && issues.length - start < MAX_SHAPE_ISSUES) {
      const [v, path, depth, leaving] = stack.pop()!;
      if (leaving) {
        ancestors.delete(v as object);
        continue;
      }
      const problem =
        typeof v === "bigint"
          ? "is a BigInt, which JSON cannot carry; use a number or a string"
          : typeof v === "function" || typeof v === "symbol"
            ? `is a ${typeof v}, which JSON cannot carry`
            : typeof v === "number" && !Number.isFinite(v)
              ? `is ${String(v)}, which JSON cannot carry`
              : v !== null && typeof v === "object" && ancestors.has(v)
                ? "is circular (it contains itself); a workload object must be a tree"
                : v !== null && typeof v === "object" && depth >= MAX_WORKLOAD_DEPTH
                  ? `is nested deeper than ${MAX_WORKLOAD_DEPTH} levels, which no Kubernetes object needs`
                  : undefined;
      if (problem !== undefined) {
        // A path and a kind, nothing of a value: shown as it is even for a Secret.
        issues.push({ path, reason: problem, redacted: problem } as RedactableIssue);
        continue;
      }
      if (v === null || typeof v !== "object") continue;
      ancestors.add(v);
      stack.push([v, path, depth, true]);
      const children: [unknown, string][] = Array.isArray(v)
        ? v.map((c, j) => [c, `${path}[${j}]`])
        : Object.entries(v).map(([k, c]) => [c, `${path}.${k}`]);
      for (let j = children.length - 1; j >= 0; j--)
        stack.push([children[j]![0], children[j]![1], depth + 1, false]);
    }
  }
}

/**
 * The workload objects of `workloads` and `yaml`, read as kubectl reads them: a List (any object
 * with items) stands for its items. `paths[i]` names where object `i` came from; problems are
 * added to `issues`.
 */
export function readObjects(
  inputs: WorkloadSources,
  issues: InputIssue[],
): { objects: unknown[]; paths: string[] } {
  const objects: unknown[] = [];
  const paths: string[] = [];
  const shape = workloadShapeIssues(inputs);
  if (shape.length > 0) {
    issues.push(...shape);
    return { objects, paths };
  }
  (inputs.workloads ?? []).forEach((o, i) => {
    const items: unknown[] = [];
    flattenLists(o, `workloads[${i}]`, `workloads[${i}]`, items, issues);
    items.forEach((item, j) => {
      objects.push(item);
      paths.push(items.length === 1 && item === o ? `workloads[${i}]` : `workloads[${i}].items[${j}]`);
    });
  });
  (inputs.yaml ?? []).forEach((text, i) => {
    const r = parseWorkloadYaml(text, `yaml[${i}]`);
    issues.push(...r.issues);
    // kubectl reads documents nested thousands deep; the library's walks stop at the same bound.
    const before = issues.length;
    r.objects.forEach((o, j) => shapeIssues(o, `yaml[${i}] document ${j + 1}`, issues));
    if (issues.length > before) return;
    r.objects.forEach((o, j) => {
      objects.push(o);
      paths.push(`yaml[${i}] document ${j + 1}`);
    });
  });
  return { objects, paths };
}
