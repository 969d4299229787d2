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

/** Longest path, reason and subject a message shows, and the most problems listed, in characters. */
export const MESSAGE_BOUNDS = { path: 200, reason: 600, subject: 200, total: 6000 } as const;

/** `text` cut to `max` characters, saying how long it was. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = `… (${text.length} characters)`;
  return `${text.slice(0, Math.max(0, max - tail.length))}${tail}`;
}

/**
 * Every problem at once, within bounds whatever the input's size: each path and reason
 * shortened, and once the listed ones reach `MESSAGE_BOUNDS.total` characters, one last entry
 * saying how many more there are. Every message the library builds from issues goes through it.
 */
/** Adds to `issues` each of `more` not already listed (same path and reason): one problem, one line. */
export function addIssues(issues: InputIssue[], more: readonly InputIssue[]): void {
  for (const issue of more)
    if (!issues.some((i) => i.path === issue.path && i.reason === issue.reason)) issues.push(issue);
}

/**
 * Runs `plan` only for the problems it finds, added to `issues` (`addIssues`): a plan over inputs
 * already known to be wrong still judges the objects, so every problem is reported at once.
 */
export function addPlanIssues(issues: InputIssue[], plan: () => unknown): void {
  try {
    plan();
  } catch (err) {
    if (!(err instanceof InputValidationError)) throw err;
    addIssues(issues, err.issues);
  }
}

export function boundIssues<T extends InputIssue>(issues: readonly T[]): T[] {
  const out: T[] = [];
  let size = 0;
  for (const [n, issue] of issues.entries()) {
    // Other fields (a redacted form of the reason) are kept, shortened alike.
    const extra = issue as T & { redacted?: unknown };
    const bounded = {
      ...issue,
      path: shorten(issue.path, MESSAGE_BOUNDS.path),
      reason: shorten(issue.reason, MESSAGE_BOUNDS.reason),
      ...(typeof extra.redacted === "string"
        ? { redacted: shorten(extra.redacted, MESSAGE_BOUNDS.reason) }
        : {}),
    };
    const cost = bounded.path.length + bounded.reason.length + 6;
    if (out.length > 0 && size + cost > MESSAGE_BOUNDS.total) {
      const rest = issues.length - n;
      const more = `… and ${rest} more problem${rest === 1 ? "" : "s"} (fix these first)`;
      out.push({ path: "", reason: more, redacted: more } as unknown as T);
      return out;
    }
    out.push(bounded);
    size += cost;
  }
  return out;
}

/** Thrown when input fails validation; carries every issue (within bounds), not just the first. */
export class InputValidationError extends Error {
  /**
   * Every problem found, each path and reason shortened to `MESSAGE_BOUNDS`; past the total bound,
   * a last entry says how many more there are.
   */
  public readonly issues: readonly InputIssue[];

  constructor(subject: string, issues: readonly InputIssue[]) {
    const bounded = boundIssues(issues);
    super(
      `invalid ${shorten(subject, MESSAGE_BOUNDS.subject)}:\n${bounded.map((i) => `  - ${i.path === "" ? "" : `${i.path}: `}${i.reason}`).join("\n")}`,
    );
    this.name = "InputValidationError";
    this.issues = bounded;
  }
}

/** Thrown inside `boundedJson` once enough text is written. */
const ENOUGH = new Error("enough text");

/**
 * JSON-like text of `value`, written only until it passes `limit` characters: a huge string, a
 * map of a million keys, a cycle, a BigInt or nesting 10,000 deep costs at most `limit` work.
 */
function boundedJson(value: unknown, limit: number): string {
  let out = "";
  const emit = (s: string) => {
    out += s;
    if (out.length > limit) throw ENOUGH;
  };
  const ancestors = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "string") return emit(JSON.stringify(v.length > limit ? v.slice(0, limit) : v));
    if (typeof v === "bigint") return emit(`${v}n`);
    if (typeof v === "number") return emit(Number.isFinite(v) ? String(v) : "null");
    if (v === null || typeof v === "boolean") return emit(String(v));
    if (v === undefined) return emit("undefined");
    if (typeof v !== "object") return emit(`<${typeof v}>`);
    if (ancestors.has(v)) return emit("<circular>");
    if (depth >= 32) return emit("…");
    ancestors.add(v);
    if (Array.isArray(v)) {
      emit("[");
      v.forEach((item, i) => {
        if (i > 0) emit(",");
        walk(item, depth + 1);
      });
      emit("]");
    } else {
      emit("{");
      let first = true;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        if (!first) emit(",");
        first = false;
        emit(`${JSON.stringify(key.length > limit ? key.slice(0, limit) : key)}:`);
        walk((v as Record<string, unknown>)[key], depth + 1);
      }
      emit("}");
    }
    ancestors.delete(v);
  };
  try {
    walk(value, 0);
  } catch (e) {
    if (e !== ENOUGH) throw e;
  }
  return out;
}

/** Renders a value for an error message: JSON, shortened so a huge value cannot flood a log. */
export function showValue(value: unknown, max = 80): string {
  const text = boundedJson(value, max);
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
