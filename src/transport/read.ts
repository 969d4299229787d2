/**
 * The one reader of workload inputs: `workloads` (objects) and `yaml` (text), read as kubectl
 * reads them. Planning, secret detection and redaction all see the objects it gives. Pure.
 */
import type { InputIssue } from "../kube";
import { flattenLists, parseWorkloadYaml } from "./yaml";

/** The workload inputs every transport resource takes. */
export interface WorkloadSources {
  workloads?: Record<string, unknown>[];
  yaml?: string[];
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
    r.objects.forEach((o, j) => {
      objects.push(o);
      paths.push(`yaml[${i}] document ${j + 1}`);
    });
  });
  return { objects, paths };
}
