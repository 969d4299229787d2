import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InputIssue } from "../src/kube";
import { InputValidationError, zodIssues } from "../src/kube";
import { workloadShapeIssues } from "../src/transport/plan/read";
import { workloadsHoldSecret, yamlHoldsSecret } from "../src/transport/plan/secrets";

/** Stands in for an Input that is not a plain value yet (an Output or a Promise) during plain checks. */
export const COMPUTED_PLACEHOLDER = "<computed>";
/** What error messages show instead of a secret value. */
export const REDACTED = "<secret>";

/** True when `value` is known now: not an Output, not a Promise. */
export function isPlain(value: unknown): boolean {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
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
  return zodIssues(result.error, redact(raw, v.secretKeys), "", v.schema).filter(
    (i) => !computed.has(i.path.split(/[.[]/)[0] ?? ""),
  );
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
  return zodIssues(result.error, redact(raw, secretKeys), "", v.schema).filter(
    (i) => i.path.split(/[.[]/)[0] === key,
  );
}

/**
 * `args[key]` as an Output that fails with `pulumi.InputPropertiesError` when its resolved value
 * breaks the schema. The check runs inside `apply`, so it is skipped for values unknown at preview.
 * A value that is secret (a `pulumi.secret`, a secret config value, another resource's secret
 * output) is never shown, whatever the key: redaction goes by secret-ness, not only by name.
 */
export function checkInput<T>(
  v: ArgsValidation<T>,
  args: object,
  key: string,
  input: pulumi.Input<string>,
): pulumi.Output<string> {
  const value = pulumi.output(input);
  return pulumi.all([value, pulumi.output(pulumi.isSecret(value))]).apply(([resolved, secret]) => {
    const issues = inputIssues(v, args, key, resolved, secret);
    if (issues.length > 0) throw inputPropertiesError(v.subject, issues);
    return resolved;
  });
}
