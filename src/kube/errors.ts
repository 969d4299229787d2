/**
 * One problem found in user input: where it is, what was given, and what is allowed.
 * Every validator in the library reports problems in this shape so that components can
 * turn them into `pulumi.InputPropertiesError` and the dynamic provider into check failures.
 */
export interface InputIssue {
  /** Dotted path of the offending property, e.g. `wecs[1].name` or `workloads[3].metadata.name`. */
  readonly path: string;
  /** What is wrong and what is allowed, e.g. `must be a DNS-1123 label (lower-case alphanumerics and '-')`. */
  readonly reason: string;
}

/** Thrown when input fails validation; carries every issue, not just the first. */
export class InputValidationError extends Error {
  public readonly issues: readonly InputIssue[];

  constructor(subject: string, issues: readonly InputIssue[]) {
    super(`invalid ${subject}:\n${issues.map((i) => `  - ${i.path}: ${i.reason}`).join("\n")}`);
    this.name = "InputValidationError";
    this.issues = issues;
  }
}

/** Renders a value for an error message: JSON, shortened so a huge value cannot flood a log. */
export function showValue(value: unknown, max = 80): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * Renders a list for an error message: at most `max` items, then how many more, so a map of
 * thousands of keys cannot flood a log.
 */
export function showList(items: readonly string[], max = 20): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")}, … (${items.length - max} more)`;
}
