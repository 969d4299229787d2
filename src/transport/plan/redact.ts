/**
 * The one redaction step of the transport: every validation problem `check` reports, and every
 * provider error, passes through here before the engine (and so a preview, a log or a CI page)
 * sees it. For input entries that are or may be secret (`secretSources`: delivered as a Secret,
 * or unreadable) no text taken from the input is shown: a problem keeps its path and the kind of
 * problem (and for YAML the line), nothing else. Other entries keep their messages. Pure.
 */
import type { InputIssue } from "../../kube";
import type { WorkloadSources } from "./read";
import { secretSources, sourceOf } from "./secrets";

/** An issue that can also say what went wrong without quoting the input. */
export interface RedactableIssue extends InputIssue {
  /** The reason with nothing taken from the input (line numbers, field paths, kinds of problem). */
  readonly redacted?: string;
}

/** Said of a problem in a secret entry that has no text-free wording of its own. */
export const HIDDEN = "is not valid (details are hidden: this object is or may be a Secret)";

/** `issue` with a text-free wording attached. */
export function withRedacted(issue: InputIssue, redacted: string): RedactableIssue {
  return { ...issue, redacted };
}

/** `issues` as they may be shown: those inside a secret entry with their text-free wording. */
export function redactIssues(issues: readonly InputIssue[], inputs: WorkloadSources): InputIssue[] {
  const secret = secretSources(inputs);
  if (secret.size === 0) return [...issues];
  return issues.map((issue) => {
    if (!secret.has(sourceOf(issue.path))) return issue;
    return { path: issue.path, reason: (issue as RedactableIssue).redacted ?? HIDDEN };
  });
}

/** Runs of letters and digits this long or longer in a secret entry are never shown. */
const MIN_FRAGMENT = 4;

/** The fragments of secret entries that must not appear in a message: their words and numbers. */
function secretFragments(inputs: WorkloadSources, secret: ReadonlySet<string>): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") texts.push(value);
    else if (typeof value === "number" || typeof value === "boolean") texts.push(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
  };
  (inputs.workloads ?? []).forEach((w, i) => {
    if (secret.has(`workloads[${i}]`)) collect(w);
  });
  (inputs.yaml ?? []).forEach((text, i) => {
    if (secret.has(`yaml[${i}]`)) texts.push(text);
  });
  const fragments = new Set<string>();
  for (const text of texts) {
    for (const run of text.match(/[\p{L}\p{N}_]+/gu) ?? [])
      if (run.length >= MIN_FRAGMENT) fragments.add(run);
  }
  return [...fragments].sort((a, b) => b.length - a.length);
}

/**
 * `text` (an error from anywhere: the hub, a template, the engine) with every word and number of a
 * secret entry of `inputs` replaced by `…`. Field names of the workload go too: over-hiding is
 * the safe side.
 */
export function redactText(
  text: string,
  inputs: WorkloadSources,
  secret: ReadonlySet<string> = secretSources(inputs),
): string {
  if (secret.size === 0) return text;
  let out = text;
  for (const fragment of secretFragments(inputs, secret)) out = out.split(fragment).join("…");
  return out;
}

/**
 * `err` as it may be shown: its message, stack and reasons (a partial write's) passed through
 * `redactText`. An `Error` is kept (its class and the state a partial write carries), edited in place.
 */
export function redactError(err: unknown, inputs: WorkloadSources): Error {
  const secret = secretSources(inputs);
  if (!(err instanceof Error)) return new Error(redactText(String(err), inputs, secret));
  if (secret.size === 0) return err;
  err.message = redactText(err.message, inputs, secret);
  if (err.stack !== undefined) err.stack = redactText(err.stack, inputs, secret);
  const partial = err as Error & { reasons?: unknown };
  if (Array.isArray(partial.reasons))
    partial.reasons = partial.reasons.map((r) => redactText(String(r), inputs, secret));
  return err;
}
