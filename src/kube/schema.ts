import { z } from "zod";
import type { InputIssue } from "./errors";
import { InputValidationError, showList, showValue } from "./errors";
import { isGoIdentifier } from "./go-identifier";
import { dns1123LabelProblem } from "./names";
import { checkLabels, checkSelector, labelKeyProblem } from "./selectors";
import type { LabelSelector } from "./selectors";
import { SelectorOperator } from "./enums";

/** zod enum over the values of an `as const` object. */
export function enumOf<T extends Record<string, string>>(values: T) {
  const list = Object.values(values) as [T[keyof T], ...T[keyof T][]];
  return z.enum(list, {
    errorMap: (issue, ctx) => ({
      message:
        issue.code === "invalid_enum_value" || issue.code === "invalid_type"
          ? `must be one of ${list.map((v) => JSON.stringify(v)).join(", ")}; got ${showValue(ctx.data)}`
          : ctx.defaultError,
    }),
  });
}

export const dnsLabel = z.string().superRefine((v, ctx) => {
  const p = dns1123LabelProblem(v);
  if (p !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${showValue(v)} ${p}` });
});

export const positiveInt = z.number().int().positive();

/** An image registry (and optional path), e.g. `quay.io/open-cluster-management`. */
export const imageRegistry = z
  .string()
  .regex(
    /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/,
    "must be an image registry like quay.io/open-cluster-management",
  );

/** An image tag, as the OCI distribution spec allows it. */
export const imageTag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be an image tag");

export const labelMap = z.record(z.string()).superRefine((labels, ctx) => {
  // Each problem at its label (`labels.<key>`), so a message shows that label, never the whole map.
  for (const [key, value] of Object.entries(labels)) {
    for (const issue of checkLabels({ [key]: value }, "")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: issue.reason });
    }
  }
});

export const annotationMap = z.record(z.string()).superRefine((annotations, ctx) => {
  for (const key of Object.keys(annotations)) {
    const p = labelKeyProblem(key);
    if (p !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message: p.replace("label key", "annotation key"),
      });
  }
});

/** Customization properties: keys must be Go identifiers or KubeStellar would silently ignore them. */
export const propertyMap = z.record(z.string()).superRefine((props, ctx) => {
  for (const key of Object.keys(props)) {
    if (!isGoIdentifier(key)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message: `property key ${showValue(key)} is not a Go identifier (letters, digits and '_', not starting with a digit, not a Go keyword), so KubeStellar templates could never use it`,
      });
    }
  }
});

export const labelSelectorSchema = z
  .object({
    matchLabels: z.record(z.string()).optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            operator: enumOf(SelectorOperator),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict()
  .superRefine((sel, ctx) => {
    for (const issue of checkSelector(sel, "")) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: issue.path
          .split(/[.[\]]+/)
          .filter((p) => p !== "")
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.reason,
      });
    }
  }) satisfies z.ZodType<LabelSelector>;

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc === "" ? p : `${acc}.${p}`),
    "",
  );
}

/**
 * `schema` with cross-field `rules` that run on every input, even one in which some field has the
 * wrong type. (A zod refinement is skipped once a field's type check fails, so a second problem
 * would only show after the first is fixed; every problem must show at once.) The rules see the
 * raw input and must tolerate wrong types; one that throws on such input is skipped, since the
 * schema reports that field anyway.
 */
export function withRules<T extends z.ZodTypeAny>(
  schema: T,
  rules: (value: z.infer<T>, ctx: z.RefinementCtx) => void,
): z.ZodIntersection<T, z.ZodEffects<z.ZodUnknown>> {
  return z.intersection(
    schema,
    z.unknown().superRefine((raw, ctx) => {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
      try {
        rules(raw, ctx);
      } catch {
        /* a field of the wrong type: the schema's own issue names it */
      }
    }),
  );
}

/**
 * For a rule: one issue per key of `keys` that is set in `value`, each saying `message` (why the
 * key means nothing in this combination).
 */
export function refuseSet<T extends object>(
  value: T,
  keys: readonly (keyof T & string)[],
  ctx: z.RefinementCtx,
  message: string,
): void {
  for (const key of keys) {
    if (value[key] !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
  }
}

/** The property names an object schema allows at `path` (through optionals, refinements, lists). */
export function allowedKeysAt(
  schema: z.ZodTypeAny,
  path: readonly (string | number)[],
): string[] | undefined {
  let s: z.ZodTypeAny | undefined = schema;
  const unwrap = (t: z.ZodTypeAny): z.ZodTypeAny => {
    for (;;) {
      if (t instanceof z.ZodEffects) t = t.innerType() as z.ZodTypeAny;
      else if (t instanceof z.ZodIntersection) t = t._def.left as z.ZodTypeAny;
      else if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap() as z.ZodTypeAny;
      else if (t instanceof z.ZodDefault) t = t.removeDefault() as z.ZodTypeAny;
      else return t;
    }
  };
  for (const segment of path) {
    const t = unwrap(s);
    if (typeof segment === "number" && t instanceof z.ZodArray) s = t.element as z.ZodTypeAny;
    else if (typeof segment === "string" && t instanceof z.ZodObject)
      s = (t.shape as Record<string, z.ZodTypeAny>)[segment];
    else if (t instanceof z.ZodRecord) s = t.valueSchema as z.ZodTypeAny;
    else return undefined;
    if (s === undefined) return undefined;
  }
  const t = unwrap(s);
  return t instanceof z.ZodObject ? Object.keys(t.shape as object).sort() : undefined;
}

/**
 * Converts zod issues to `InputIssue`s that always show the bad value; with the schema, an
 * unknown property's issue also lists the properties allowed there.
 */
export function zodIssues(
  error: z.ZodError,
  input: unknown,
  prefix = "",
  schema?: z.ZodTypeAny,
): InputIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath([...(prefix === "" ? [] : [prefix]), ...issue.path]);
    const value = valueAt(input, issue.path);
    let reason = issue.message;
    if (issue.code === "unrecognized_keys") {
      const allowed = schema === undefined ? undefined : allowedKeysAt(schema, issue.path);
      reason = `unknown ${issue.keys.length === 1 ? "property" : "properties"} ${showList(issue.keys.map((k) => showValue(k, 40)))}; check the spelling${
        allowed === undefined ? "" : ` (allowed: ${showList(allowed, 40)})`
      }`;
    } else if (issue.code === "invalid_type" && issue.received === "undefined") {
      reason = `is required (${issue.expected})`;
    } else if (!reason.includes("got ") && !reason.includes(showValue(value))) {
      reason = `${reason}; got ${showValue(value)}`;
    }
    return { path: path === "" ? "<root>" : path, reason };
  });
}

/** Parses `input` with `schema` or throws an `InputValidationError` listing every problem. */
export function parseOrThrow<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  subject: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new InputValidationError(subject, zodIssues(result.error, input, "", schema));
  return result.data;
}
