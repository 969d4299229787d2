/**
 * The `ManifestWorkBundle` provider's inputs and outputs, and what the engine asks before any
 * write: `check` (validate and plan, so preview shows the plan) and `diff`.
 */
import { addPlanIssues, InputValidationError, wecNameIssues } from "../../../kube";
import { checkPlanned, diffTransportInputs, recordedSecretBaseline } from "../shared/provider-common";
import { planOptions, transportInputIssues } from "../shared/transport-inputs";
import type { BundleStatusSummary } from "../shared/work-status";
import type { CheckResult } from "../shared/provider-common";
import type { BundleOptions } from "../../plan/options";
import { planBundles } from "../../plan/plan";
import type { BundlePlan, PlanOptions, PlanResult } from "../../plan/plan";
import { readObjects } from "../../plan/read";
import type { SecretBaseline } from "../../plan/revisions";

/** Bumped when the provider's behaviour changes; an explicit input, so new code is picked up on purpose. */
export const BUNDLE_PROVIDER_VERSION = "1";

/** The dynamic resource's inputs, as the provider receives them (secrets already unwrapped). */
export interface BundleInputs {
  providerVersion: string;
  /** Stack-unique owner id of this resource (project/stack/name). */
  owner: string;
  itsKubeconfig: string;
  clusterName: string;
  bundleSetName: string;
  workloads?: Record<string, unknown>[];
  yaml?: string[];
  clusterLabels?: Record<string, string>;
  clusterAnnotations?: Record<string, string>;
  properties?: Record<string, string>;
  options?: BundleOptions;
  /** Computed by `check`: ManifestWork name → content hash and objects. */
  plan?: BundlePlan;
}

export type { BundleStatusSummary } from "../shared/work-status";

export interface BundleOutputs extends BundleInputs {
  bundleNames: string[];
  objectCount: number;
  totalBytes: number;
  status: Record<string, BundleStatusSummary>;
}

/** Validates inputs and plans the bundles; throws `InputValidationError` listing every problem. */
export function planFromInputs(
  inputs: BundleInputs,
  previous: BundlePlan | undefined,
  secretBaseline?: SecretBaseline,
): PlanResult {
  const issues = [
    ...transportInputIssues(inputs, inputs.bundleSetName, "bundleSetName"),
    ...wecNameIssues(inputs.clusterName, "clusterName"),
  ];
  const { objects, paths } = readObjects(inputs, issues);
  const plan = (options: PlanOptions | undefined) =>
    planBundles({
      setName: inputs.bundleSetName,
      clusterName: inputs.clusterName,
      objects,
      paths,
      options,
      properties: {
        labels: inputs.clusterLabels,
        annotations: inputs.clusterAnnotations,
        data: inputs.properties,
      },
      previous,
      secretBaseline,
    });
  if (issues.length === 0) return plan(planOptions(inputs.options));
  // Every problem at once: the objects are still judged (with the default options) when the
  // WEC's name allows planning at all.
  if (wecNameIssues(inputs.clusterName, "clusterName").length === 0)
    addPlanIssues(issues, () => plan(undefined));
  throw new InputValidationError(`ManifestWorkBundle "${inputs.bundleSetName}"`, issues);
}

/** What the Secrets delivered by `olds` (inputs planned before) were (`recordedSecretBaseline`). */
export function bundleBaseline(olds: Partial<BundleInputs>): SecretBaseline | undefined {
  const plan = olds.plan;
  return recordedSecretBaseline(
    plan && Object.values(plan).flatMap((b) => Object.values(b.objects)),
    () => planFromInputs(olds as BundleInputs, plan, "recorded").secretContent,
  );
}

/** The engine's `check`: validation failures, or the inputs plus the computed plan. */
export function checkBundle(olds: Partial<BundleInputs>, news: BundleInputs): CheckResult<BundleInputs> {
  const sameSet = olds.clusterName === news.clusterName && olds.bundleSetName === news.bundleSetName;
  return checkPlanned(olds, news, sameSet, (rest, before) => {
    const r = planFromInputs(rest, before?.plan, before && bundleBaseline(before));
    return { fields: { plan: r.plan }, delivered: r.delivered };
  });
}

const OWN_KEYS = ["providerVersion", "owner", "clusterName", "bundleSetName", "options", "plan"] as const;

/** The engine's `diff`: compares only this resource's own inputs (never `__provider`). */
export function diffBundle(olds: Partial<BundleOutputs>, news: BundleInputs) {
  return diffTransportInputs<BundleInputs>(olds, news, OWN_KEYS, ["clusterName", "bundleSetName"]);
}

export function bundleId(inputs: Pick<BundleInputs, "clusterName" | "bundleSetName">): string {
  return `${inputs.clusterName}/${inputs.bundleSetName}`;
}
