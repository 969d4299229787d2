import type { InputIssue } from "../../kube";
import { readObjects } from "./read";
import type { WorkloadSources } from "./read";

/** Whether one object, as it will be delivered, is a `Secret` (any API group). */
export function isSecretObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === "Secret"
  );
}

/** `workloads[3]` or `yaml[0]`: the input entry a path (or an issue's path) lies in. */
export function sourceOf(path: string): string {
  return /^(workloads|yaml)\[\d+\]/.exec(path)?.[0] ?? path;
}

/**
 * The input entries (`workloads[i]`, `yaml[i]`) that are or may be secret, decided on the objects
 * exactly as they will be delivered: read by the one reader (`readObjects`: YAML parsed, Lists of
 * any kind flattened, items without a type taking the list's, so a `SecretList` item is a
 * `Secret`). Templates cannot change a kind (a kind must be a plain name before expansion), so
 * this is also secret-ness after expansion. An entry the reader refuses in part (YAML that does
 * not parse, a List inside a List) cannot be known and counts as secret. Pure.
 */
export function secretSources(inputs: WorkloadSources): Set<string> {
  const out = new Set<string>();
  const issues: InputIssue[] = [];
  try {
    const { objects, paths } = readObjects(inputs, issues);
    objects.forEach((o, i) => {
      if (isSecretObject(o)) out.add(sourceOf(paths[i] ?? ""));
    });
  } catch {
    (inputs.workloads ?? []).forEach((_, i) => out.add(`workloads[${i}]`));
    (inputs.yaml ?? []).forEach((_, i) => out.add(`yaml[${i}]`));
  }
  for (const issue of issues) out.add(sourceOf(issue.path));
  return out;
}

/**
 * Whether workload objects must be kept secret: one of them is delivered as a `Secret` (also
 * from a `List`, a `SecretList` or an item without a kind), or cannot be read. Pure.
 */
export function workloadsHoldSecret(objects: readonly unknown[]): boolean {
  return secretSources({ workloads: [...objects] as Record<string, unknown>[] }).size > 0;
}

/**
 * Whether workload YAML must be kept secret, decided on the parsed, flattened documents (block or
 * flow style, JSON, comments, Lists): a `Secret` anywhere. Text that does not parse is treated as
 * secret, because what it holds cannot be known (and `check` rejects it anyway). Pure.
 */
export function yamlHoldsSecret(documents: readonly string[]): boolean {
  return secretSources({ yaml: [...documents] }).size > 0;
}
