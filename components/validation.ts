import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InputIssue } from "../src/kube";
import { InputValidationError, showValue, zodIssues } from "../src/kube";
import type { BundleOptionsArgs } from "../src/transport";
import { LATER_OPTION_STAND_INS, pickBundleOptions } from "../src/transport";
import { workloadShapeIssues } from "../src/transport/plan/read";
import { workloadsHoldSecret, yamlHoldsSecret } from "../src/transport/plan/secrets";

/** Stands in for an Input that is not a plain value yet (an Output or a Promise) during plain checks. */
export const COMPUTED_PLACEHOLDER = "<computed>";
/** What error messages show instead of a secret value. */
export const REDACTED = "<secret>";

/** How deep `isPlain` looks for an Output inside lists and maps (workload depth is checked elsewhere). */
const PLAIN_SEARCH_DEPTH = 64;

/**
 * True when `value` is known now: not an Output or a Promise, nor a list or map holding one (a
 * label map with one Output value is not known yet). Cycles and depth beyond
 * `PLAIN_SEARCH_DEPTH` end the search: the shape checks report those.
 */
export function isPlain(value: unknown, depth = 0, seen = new Set<object>()): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (value === null || typeof value !== "object" || depth >= PLAIN_SEARCH_DEPTH || seen.has(value))
    return true;
  seen.add(value);
  return Object.values(value).every((v) => isPlain(v, depth + 1, seen));
}

/**
 * The `pulumi.InputPropertiesError` for `issues`; its message is `InputValidationError`'s.
 * It is also marked as a `pulumi.RunError` (the runtime recognizes both by a brand property):
 * thrown from a program, the Node.js runtime then prints just the message — the property
 * paths and what is allowed — instead of "unhandled exception" and a stack trace.
 */
export function inputPropertiesError(
  subject: string,
  issues: readonly InputIssue[],
): pulumi.InputPropertiesError {
  const validation = new InputValidationError(subject, issues);
  const error = new pulumi.InputPropertiesError({
    message: validation.message,
    errors: validation.issues.map((i) => ({ propertyPath: i.path, reason: i.reason })),
  });
  Object.defineProperty(error, "__pulumiRunError", { value: true });
  // The SDK prefixes `error serializing property "<key>": ` to the message of a rejection each
  // time a resource's input holds it, on the error itself: an Output shared by four children
  // (a WEC's facts) read 'error serializing property "clusterName": error serializing property
  // "itsKubeconfig": … invalid …'. The message is the problem and nothing else.
  const message = validation.message;
  Object.defineProperty(error, "message", {
    get: () => message,
    set: () => undefined,
    configurable: true,
    enumerable: false,
  });
  return error;
}

/**
 * Throws when plain `workloads` (given as values, not Outputs) cannot be a JSON document: a
 * cycle, 10,000 levels, a BigInt (read.ts). Run before anything wraps them in an Output, which
 * would fail on a cycle without naming it.
 */
export function assertWorkloadShapes(subject: string, workloads: unknown): void {
  if (!Array.isArray(workloads) || !workloads.every((w) => isPlain(w))) return;
  const issues = workloadShapeIssues({ workloads: workloads as Record<string, unknown>[] });
  if (issues.length > 0) throw inputPropertiesError(subject, issues);
}

/**
 * A transport resource's workload inputs as it registers them: their shapes checked first (by
 * path, before an Output could fail on a cycle), then each made a Pulumi secret when it holds a
 * Secret in any notation, decided on the parsed objects.
 */
export function workloadInputs(
  subject: string,
  workloads: pulumi.Input<Record<string, unknown>[]> | undefined,
  yaml: pulumi.Input<string>[] | undefined,
) {
  assertWorkloadShapes(subject, workloads);
  return {
    workloads: pulumi
      .output(workloads ?? [])
      .apply((ws) => (workloadsHoldSecret(ws) ? pulumi.secret(ws) : ws)),
    yaml: pulumi.output(yaml ?? []).apply((docs) => (yamlHoldsSecret(docs) ? pulumi.secret(docs) : docs)),
  };
}

/** How a component validates its args: which keys are `pulumi.Input`s and which of them are secret. */
export interface ArgsValidation<T> {
  readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** e.g. `InventoryTransportSpace "its1" args`. */
  readonly subject: string;
  /** Keys typed `pulumi.Input<...>`; they may hold Outputs, which are checked later by `checkInput`. */
  readonly inputKeys: readonly string[];
  /** Keys whose values must never appear in a message (kubeconfigs, tokens). */
  readonly secretKeys: readonly string[];
}

/** The validation of a component whose one Input is the (secret) `kubeconfig` of its cluster. */
export function kubeconfigArgsValidation<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  subject: string,
): ArgsValidation<T> {
  return { schema, subject, inputKeys: ["kubeconfig"], secretKeys: ["kubeconfig"] };
}

function redact(args: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  const copy = { ...args };
  for (const key of secretKeys) if (copy[key] !== undefined) copy[key] = REDACTED;
  return copy;
}

/** Strings shorter than this are not searched for in messages (they would erase the words around them). */
const SHORTEST_REDACTED = 4;

/** Every string in `value` (map keys too), for `redactIn`. */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === "string") out.push(value);
  else if (value !== null && typeof value === "object" && depth < PLAIN_SEARCH_DEPTH) {
    for (const [k, v] of Object.entries(value)) {
      if (!Array.isArray(value)) out.push(k);
      stringsIn(v, out, depth + 1);
    }
  }
  return out;
}

/**
 * `reason` with every trace of `value` replaced by `<secret>`: a rule's own message may quote the
 * value it judges (a DNS label's, a URL's), raw, as JSON, or shortened as `showValue` shortens
 * it, so redacting the argument alone is not enough.
 */
function redactIn(reason: string, value: unknown): string {
  const forms = stringsIn(value)
    .filter((s) => s.length >= SHORTEST_REDACTED)
    .flatMap((s) => {
      const json = JSON.stringify(s);
      const shown = showValue(s);
      return [json, json.slice(1, -1), s, shown, shown.endsWith("...") ? shown.slice(0, -3) : shown];
    })
    .filter((f) => f.length >= SHORTEST_REDACTED)
    .sort((a, b) => b.length - a.length);
  let out = reason;
  for (const f of forms) out = out.split(f).join(REDACTED);
  return out;
}

/**
 * Every problem of the plain values of `args`, at once. Inputs that are not known yet are replaced
 * by a placeholder (so "is required" rules still see them) and their own issues are dropped:
 * those values are checked by `checkInput` once they resolve. Secret values are never shown.
 */
export function plainArgsIssues<T>(v: ArgsValidation<T>, args: object): InputIssue[] {
  const raw = { ...(args as Record<string, unknown>) };
  const computed = new Set<string>();
  for (const key of v.inputKeys) {
    if (raw[key] !== undefined && !isPlain(raw[key])) {
      raw[key] = COMPUTED_PLACEHOLDER;
      computed.add(key);
    }
  }
  const result = v.schema.safeParse(raw);
  if (result.success) return [];
  // Only not-yet-known values may have failed (e.g. a placeholder is no URL): they are checked on resolution.
  const secrets = v.secretKeys.map((k) => raw[k]);
  return zodIssues(result.error, redact(raw, v.secretKeys), "", v.schema)
    .filter((i) => !computed.has(i.path.split(/[.[]/)[0] ?? ""))
    .map((i) => ({ ...i, reason: redactIn(i.reason, secrets) }));
}

/**
 * `args` once every plain value is valid; throws `pulumi.InputPropertiesError` listing every
 * problem otherwise (see `plainArgsIssues`), with `more` found by the component's own checks. The schemas have no transforms, so the input is the
 * parsed value.
 */
export function validatePlainArgs<T>(
  v: ArgsValidation<T>,
  args: object,
  more: readonly InputIssue[] = [],
): T {
  const issues = [...more, ...plainArgsIssues(v, args)];
  if (issues.length > 0) throw inputPropertiesError(v.subject, issues);
  return args as T;
}

/**
 * The issues `value` has as property `key` of otherwise plain `args` (the whole schema is re-run,
 * so cross-field rules apply too; only issues on `key` are kept). Pure.
 */
export function inputIssues<T>(
  v: ArgsValidation<T>,
  args: object,
  key: string,
  value: unknown,
  secret = false,
): InputIssue[] {
  const raw: Record<string, unknown> = { ...(args as Record<string, unknown>), [key]: value };
  for (const k of v.inputKeys)
    if (k !== key && raw[k] !== undefined && !isPlain(raw[k])) raw[k] = COMPUTED_PLACEHOLDER;
  const result = v.schema.safeParse(raw);
  if (result.success) return [];
  const secretKeys = secret ? [...v.secretKeys, key] : v.secretKeys;
  const secrets = secretKeys.map((k) => raw[k]);
  return zodIssues(result.error, redact(raw, secretKeys), "", v.schema)
    .filter((i) => i.path.split(/[.[]/)[0] === key)
    .map((i) => ({ ...i, reason: redactIn(i.reason, secrets) }));
}

/**
 * `args[key]` as an Output that fails with `pulumi.InputPropertiesError` when its resolved value
 * breaks the schema. The check runs inside `apply`, so it is skipped for values unknown at preview.
 * A value that is secret (a `pulumi.secret`, a secret config value, another resource's secret
 * output) is never shown, whatever the key: redaction goes by secret-ness, not only by name.
 */
export function checkInput<T, V>(
  v: ArgsValidation<T>,
  args: object,
  key: string,
  input: pulumi.Input<V>,
): pulumi.Output<pulumi.Unwrap<V>> {
  const value = pulumi.output(input);
  return pulumi.all([value, pulumi.output(pulumi.isSecret(value))]).apply(([resolved, secret]) => {
    const issues = inputIssues(v, args, key, resolved, secret);
    if (issues.length > 0) throw inputPropertiesError(v.subject, issues);
    return resolved;
  }) as pulumi.Output<pulumi.Unwrap<V>>;
}

/**
 * At preview, logs on `resource` which checks wait for `up` when `value` is not known yet (it
 * comes from a resource not created yet): the reviewer sees what the preview could not judge.
 */
export function noteUnknownAtPreview(
  value: pulumi.Output<unknown>,
  resource: pulumi.Resource,
  what: string,
): void {
  if (!pulumi.runtime.isDryRun()) return;
  // `isKnown` is the SDK's own flag for an unknown value (not in its typings).
  const known = (value as unknown as { isKnown?: Promise<boolean> }).isKnown;
  void known?.then(
    (k) => {
      if (!k) logQuietly("info", `${what} wait for values known only at up`, resource);
    },
    () => undefined,
  );
}

/**
 * Logs on `resource` and never rejects. A log whose resource did not register (the program
 * already failed) rejects, and once the engine's channel is closed every log does: left
 * unhandled, either printed a trace ("Channel has been shut down") after the user's own error.
 */
export function logQuietly(level: "info" | "warn", message: string, resource?: pulumi.Resource): void {
  pulumi.log[level](message, resource).catch(() => undefined);
}

/**
 * The bundle options of `args` as the checks before registration see them: those known now, and
 * for each one that comes from an Output (named in `later`) its stand-in (`LATER_OPTION_STAND_INS`)
 * or nothing. Issues on a `later` option are the provider's to report, once the value is known.
 */
export function knownBundleOptions(args: BundleOptionsArgs): {
  known: Record<string, unknown>;
  later: ReadonlySet<string>;
} {
  const known: Record<string, unknown> = {};
  const later = new Set<string>();
  for (const [key, value] of Object.entries(pickBundleOptions(args))) {
    if (isPlain(value)) known[key] = value;
    else {
      later.add(key);
      known[key] = (LATER_OPTION_STAND_INS as Record<string, unknown>)[key];
    }
  }
  return { known, later };
}

/**
 * The bundle options a transport resource registers: resolved deeply (Outputs inside lists and
 * maps too) and without `undefined` entries, which the engine's serialization would drop anyway.
 */
export function bundleOptionsInput(
  options: pulumi.Input<BundleOptionsArgs>,
): pulumi.Output<Record<string, unknown>> {
  return pulumi.output(options).apply((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
}
