import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { dnsLabel, enumOf, positiveInt, showList, showValue, withRules } from "../../kube";
import type { InputIssue } from "../../kube";
import type { FeedbackRule, ObjectSelector, ServerSideApplyArgs } from "./manifest-work";

export type { ServerSideApplyArgs } from "./manifest-work";
import { DeletePropagationPolicy, FeedbackRuleType, WaitFor } from "./enums";
import { OCM_MANIFEST_LIMIT_BYTES } from "./defaults";
import { wdsNameProblem } from "./coexistence";

/**
 * Bundle options shared by `ManifestWorkBundle` and `WorkloadBinding`. Each may come from another
 * resource (a `pulumi.Input`): a plain value is checked before anything registers; an Output is
 * checked by the transport provider's `check` with the same rules and messages once it is known,
 * and until then the preview shows the plan as known only at `up`.
 */
export interface BundleOptionsArgs {
  /** Largest Σ manifest size of one ManifestWork (the OCM webhook's limit). @default 512000 */
  maxBytes?: pulumi.Input<number>;
  /** Most manifests in one ManifestWork. @default 500 */
  maxObjects?: pulumi.Input<number>;
  /** Objects created once and never updated (`CreateOnly`). @default [] */
  createOnly?: pulumi.Input<pulumi.Input<ObjectSelector>[]>;
  /** Apply with server-side apply on the WEC. @default - the agent's `Update` strategy */
  serverSideApply?: pulumi.Input<ServerSideApplyArgs>;
  /** What happens to WEC objects when a bundle is deleted. @default "Foreground" */
  deletePropagationPolicy?: pulumi.Input<DeletePropagationPolicy>;
  /** With `SelectivelyOrphan`: the objects to leave on the WEC. @default [] */
  orphan?: pulumi.Input<pulumi.Input<ObjectSelector>[]>;
  /** Status feedback rules. @default [] */
  feedback?: pulumi.Input<pulumi.Input<FeedbackRule>[]>;
  /** Wait for `Applied` or `Available` before `up` moves on. @default "None" */
  waitFor?: pulumi.Input<WaitFor>;
  /** How long to wait. @default 300 */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** `transport.kubestellar.io/originOwnerReferenceBindingKey` label value. @default - the bundle set name */
  bindingName?: pulumi.Input<string>;
  /**
   * `transport.kubestellar.io/originWdsName` label value. Only `kubestellar-its` is accepted: a
   * KubeStellar transport deletes the works labelled with its own WDS name, and any DNS label can
   * name a WDS, so the library reserves this one (see README "With KubeStellar"). @default "kubestellar-its"
   */
  wdsName?: pulumi.Input<string>;
  /** Plural resource names for kinds the library cannot know, keyed `group/Kind`. @default {} */
  resourceOverrides?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The bundle options once known: what the transport providers receive and check. */
export type BundleOptions = pulumi.Unwrap<BundleOptionsArgs>;

export const objectSelectorSchema = z
  .object({
    group: z.string().optional(),
    kind: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
  })
  .strict() satisfies z.ZodType<ObjectSelector>;

const feedbackRuleSchema = withRules(
  z
    .object({
      selector: objectSelectorSchema,
      type: enumOf(FeedbackRuleType),
      jsonPaths: z
        .array(
          z
            .object({
              name: z.string().min(1),
              path: z
                .string()
                .regex(
                  /^\{?\./,
                  'must be a JSONPath over the whole object, starting with "." (e.g. ".status.readyReplicas")',
                ),
              version: z.string().optional(),
            })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  (r, ctx) => {
    if (r.type === FeedbackRuleType.JSONPaths && (r.jsonPaths ?? []).length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["jsonPaths"],
        message: 'needs at least one path when type is "JSONPaths"',
      });
    }
  },
);

export const bundleOptionsShape = {
  maxBytes: positiveInt.max(OCM_MANIFEST_LIMIT_BYTES * 100).optional(),
  maxObjects: positiveInt.optional(),
  createOnly: z.array(objectSelectorSchema).optional(),
  serverSideApply: z
    .object({
      force: z.boolean().optional(),
      fieldManager: z
        .string()
        .regex(/^work-agent/, 'must start with "work-agent" (OCM rejects other field managers)')
        .optional(),
    })
    .strict()
    .optional(),
  deletePropagationPolicy: enumOf(DeletePropagationPolicy).optional(),
  orphan: z.array(objectSelectorSchema).optional(),
  feedback: z.array(feedbackRuleSchema).optional(),
  waitFor: enumOf(WaitFor).optional(),
  waitTimeoutSeconds: positiveInt.optional(),
  bindingName: dnsLabel.optional(),
  wdsName: dnsLabel.optional(),
  resourceOverrides: z
    .record(
      z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a plural resource name like widgets"),
    )
    .optional(),
};

/** The bundle option names, from the one definition above. */
export const BUNDLE_OPTION_KEYS = Object.keys(bundleOptionsShape) as (keyof BundleOptionsArgs)[];
type MissingOptionKey = Exclude<keyof BundleOptionsArgs, keyof typeof bundleOptionsShape>;
const optionKeysComplete: [MissingOptionKey] extends [never] ? true : MissingOptionKey = true;
void optionKeysComplete;

/**
 * What the checks made before anything registers assume for an option that comes from an Output:
 * its most permissive value, so a rule that spans options (`orphan` needs `deletePropagationPolicy:
 * SelectivelyOrphan`) does not fail on a value still to come. Options left out assume "absent".
 * The transport provider's `check` judges the real value once it is known.
 */
export const LATER_OPTION_STAND_INS: Partial<BundleOptions> = {
  deletePropagationPolicy: DeletePropagationPolicy.SelectivelyOrphan,
};

/** Just the bundle options of `args` (which may carry more), so they pass through unchanged. */
export function pickBundleOptions(args: BundleOptionsArgs): BundleOptionsArgs {
  const picked: Record<string, unknown> = {};
  for (const key of BUNDLE_OPTION_KEYS) picked[key] = args[key];
  return picked;
}

/**
 * The rules that span several options. Every schema that accepts bundle options (the options
 * alone, `WorkloadBinding`'s args, the program's bindings) refines with this, so a combination
 * is refused the same way wherever it is written.
 */
export function bundleOptionRules(o: BundleOptions, ctx: z.RefinementCtx): void {
  const wdsProblem = typeof o.wdsName === "string" ? wdsNameProblem(o.wdsName) : undefined;
  if (wdsProblem !== undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["wdsName"], message: wdsProblem });
  }
  if (
    (o.orphan ?? []).length > 0 &&
    o.deletePropagationPolicy !== DeletePropagationPolicy.SelectivelyOrphan
  ) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["orphan"],
      message: 'only applies when deletePropagationPolicy is "SelectivelyOrphan"',
    });
  }
}

export const bundleOptionsSchema = withRules(
  z.object(bundleOptionsShape).strict(),
  bundleOptionRules,
) satisfies z.ZodType<BundleOptions>;

/** Arguments of `ManifestWorkBundle`: workloads for one WEC, as ManifestWorks in its mailbox. */
export interface ManifestWorkBundleArgs extends BundleOptionsArgs {
  /** Kubeconfig of the ITS. Keep it a secret. */
  itsKubeconfig: pulumi.Input<string>;
  /** The WEC (= mailbox namespace). */
  clusterName: pulumi.Input<string>;
  /** Name shared by this set's ManifestWorks (`<set>-<n>`). @default - the resource name */
  bundleSetName?: string;
  /** Workload objects as plain data. @default [] */
  workloads?: pulumi.Input<Record<string, unknown>[]>;
  /** Workload objects as YAML text (one or more documents). @default [] */
  yaml?: pulumi.Input<string>[];
  /** ManagedCluster labels seen by templates. @default {} */
  clusterLabels?: pulumi.Input<Record<string, string>>;
  /** ManagedCluster annotations seen by templates. @default {} */
  clusterAnnotations?: pulumi.Input<Record<string, string>>;
  /** The WEC's customization-properties ConfigMap data. @default {} */
  properties?: pulumi.Input<Record<string, string>>;
}

/** The keys of `ManifestWorkBundleArgs` that are not bundle options. */
const BUNDLE_TARGET_KEYS = [
  "itsKubeconfig",
  "clusterName",
  "bundleSetName",
  "workloads",
  "yaml",
  "clusterLabels",
  "clusterAnnotations",
  "properties",
] as const satisfies readonly (keyof ManifestWorkBundleArgs)[];
type MissingBundleArgKey = Exclude<
  keyof ManifestWorkBundleArgs,
  keyof BundleOptionsArgs | (typeof BUNDLE_TARGET_KEYS)[number]
>;
const bundleArgKeysComplete: [MissingBundleArgKey] extends [never] ? true : MissingBundleArgKey = true;
void bundleArgKeysComplete;

/** Every key of `ManifestWorkBundleArgs`; the compiler keeps the list complete. */
export const MANIFEST_WORK_BUNDLE_ARG_KEYS: readonly (keyof ManifestWorkBundleArgs)[] = [
  ...BUNDLE_TARGET_KEYS,
  ...BUNDLE_OPTION_KEYS,
];

/**
 * Keys of `args` that are not in `allowed` — a misspelt option from JavaScript or config-driven
 * code would otherwise be dropped without a word.
 */
export function unknownArgIssues(args: object, allowed: readonly string[]): InputIssue[] {
  return Object.keys(args)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({
      path: k.length > 40 ? `${k.slice(0, 37)}...` : k,
      reason: `unknown property ${showValue(k, 40)}; check the spelling (allowed: ${showList([...allowed].sort(), 40)})`,
    }));
}
