import { parseWorkloadYaml } from "./yaml";

/** True for a `Secret` object, or a list (any `items`, at any depth) holding one. */
function holdsSecret(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object" || depth > 32) return false;
  if (Array.isArray(value)) return value.some((v) => holdsSecret(v, depth + 1));
  const o = value as { kind?: unknown; items?: unknown };
  if (o.kind === "Secret") return true;
  return Array.isArray(o.items) && o.items.some((v) => holdsSecret(v, depth + 1));
}

/**
 * Whether workload objects must be kept secret: one of them is a `Secret`, also inside a `List`
 * or any `*List` (nested too), whatever the notation it came in. Pure.
 */
export function workloadsHoldSecret(objects: readonly unknown[]): boolean {
  return holdsSecret(objects);
}

/**
 * Whether workload YAML must be kept secret, decided on the parsed documents (block or flow
 * style, JSON, comments, Lists): a `Secret` anywhere. Text that does not parse is treated as
 * secret, because what it holds cannot be known (and `check` rejects it anyway). Pure.
 */
export function yamlHoldsSecret(documents: readonly string[]): boolean {
  return documents.some((text) => {
    try {
      const { objects, issues } = parseWorkloadYaml(text, "yaml");
      return issues.length > 0 || holdsSecret(objects);
    } catch {
      return true;
    }
  });
}
