/**
 * Go `text/template` as KubeStellar runs it on customization properties: the built-in functions
 * only, `missingkey=error`, data a `map[string]string`. Written from Go's documented semantics and
 * checked against KubeStellar's own code by the differential test (test/differential). Nothing
 * but these built-ins can run, and every execution is bounded.
 */
import { Executor, TemplateExecError, TemplateLimitError } from "./exec";
import type { ExecLimits } from "./exec";
import { UnsupportedFormatError } from "./fmt";
import { fromBytes, toBytes } from "./gostring";
import { parseTemplate, TemplateParseError } from "./parser";
import type { GoValue } from "./values";
import { mapValue } from "./values";

export type { ExecLimits } from "./exec";
export { BUILTIN_FUNCTIONS } from "./builtins";

/** The result of one expansion: the text, or why it failed (parse, execution or a bound). */
export type TemplateResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string; readonly reason: TemplateFailure };

export const TemplateFailure = {
  Parse: "parse",
  Exec: "exec",
  Limit: "limit",
} as const;
export type TemplateFailure = (typeof TemplateFailure)[keyof typeof TemplateFailure];

export const DEFAULT_EXEC_LIMITS: ExecLimits = {
  maxOutputBytes: 256 * 1024,
  maxSteps: 1_000_000,
  maxTemplateDepth: 1000,
};

const dataCache = new WeakMap<object, GoValue>();

/** The template data for a property map, converted once per map object. */
function templateData(props: Readonly<Record<string, string>>): GoValue {
  const cached = dataCache.get(props);
  if (cached !== undefined) return cached;
  const m = new Map<string, string>();
  for (const key of Object.keys(props)) m.set(toBytes(key), toBytes(props[key]!));
  const value = mapValue(m);
  dataCache.set(props, value);
  return value;
}

/** Longest error message returned: Go echoes identifiers and literals, which a hostile template can make huge. */
export const MAX_MESSAGE = 160;

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

/**
 * Parses and executes `template` (named `name`, as Go's `template.New(name)`) on `props`.
 * Never throws for any template text.
 */
export function executeTemplate(
  name: string,
  template: string,
  props: Readonly<Record<string, string>>,
  limits: ExecLimits = DEFAULT_EXEC_LIMITS,
): TemplateResult {
  try {
    const trees = parseTemplate(name, template);
    const root = trees.get(toBytes(name));
    if (root === undefined) {
      return {
        ok: false,
        error: `${JSON.stringify(name)} is an incomplete or empty template`,
        reason: "exec",
      };
    }
    const data = templateData(props);
    const text = new Executor(trees, limits, data).run(root);
    return { ok: true, text: fromBytes(text) };
  } catch (err) {
    return failure(err);
  }
}

/** The one place a thrown failure becomes a result; anything unexpected is a bug and propagates. */
function failure(err: unknown): TemplateResult {
  if (err instanceof TemplateParseError) return { ok: false, error: bounded(err.message), reason: "parse" };
  if (err instanceof TemplateExecError) return { ok: false, error: bounded(err.message), reason: "exec" };
  if (err instanceof TemplateLimitError || err instanceof UnsupportedFormatError) {
    return { ok: false, error: bounded(err.message), reason: "limit" };
  }
  // A JavaScript stack overflow from absurd nesting: refuse it as a bound.
  if (err instanceof RangeError)
    return { ok: false, error: "nests too deeply to evaluate safely", reason: "limit" };
  throw err;
}
