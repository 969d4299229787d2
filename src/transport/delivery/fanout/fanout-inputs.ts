/**
 * The `HubFanOut` provider's inputs and outputs, and what the engine asks before any write:
 * `check` (validate and plan, so preview shows which set changes for which WECs) and `diff`.
 * The workload is an input only: outputs keep the plan (hashes per set and group), so the state
 * holds the content once, not once per WEC.
 */
import { addPlanIssues, dnsLabel, InputValidationError, labelSelectorSchema, zodIssues } from "../../../kube";
import type { LabelSelector } from "../../../kube";
import type { BundleOptions } from "../../plan/options";
import type { PlanOptions } from "../../plan/plan";
import { planOptions, transportInputIssues } from "../shared/transport-inputs";
import { readObjects } from "../../plan/read";
import { checkPlanned, diffTransportInputs, recordedSecretBaseline } from "../shared/provider-common";
import { wecFactsSchema } from "../../plan/wec-facts";
import type { CheckResult } from "../shared/provider-common";
import { planFanOut } from "../../plan/fanout-plan";
import type { FanOutPlan, FanOutPlanInput, FanOutPlanResult } from "../../plan/fanout-plan";
import type { WecFacts } from "../../plan/wec-facts";
import { z } from "zod";

/** Bumped when the provider's behaviour changes; an explicit input, so new code is picked up on purpose. */
export const FANOUT_PROVIDER_VERSION = "1";

/** The dynamic resource's inputs, as the provider receives them (secrets already unwrapped). */
export interface FanOutInputs {
  providerVersion: string;
  /** Stack-unique owner id of this resource (project/stack/name). */
  owner: string;
  itsKubeconfig: string;
  /** The binding's set name. */
  setName: string;
  /** Hub namespace of the ManifestWorkReplicaSets and Placements. */
  namespace: string;
  clusterSelectors: LabelSelector[];
  /** Selected WECs known to the program (templated objects are expanded for each). */
  clusters?: WecFacts[];
  workloads?: Record<string, unknown>[];
  yaml?: string[];
  options?: BundleOptions;
  /** Computed by `check`. */
  plan?: FanOutPlan;
}

/** What the hub reports for one group. */
export interface FanOutGroupStatus {
  /** Clusters the Placement selected. */
  selected: number;
  /** ManifestWorks the hub holds for the group's sets (the least over its sets). */
  total: number;
  /** ManifestWorks of the group that their WECs' agents applied (the least over its sets). */
  applied: number;
  /** ManifestWorks of the group whose objects all exist on their WECs (the least over its sets). */
  available: number;
  /** `applied/selected` for people reading the stack outputs. */
  summary: string;
}

/** Outputs: the inputs without the workload and the per-WEC facts, plus what the hub reports. */
export interface FanOutOutputs extends Omit<FanOutInputs, "workloads" | "yaml" | "clusters"> {
  setNames: string[];
  objectCount: number;
  totalBytes: number;
  /** Group key → status. */
  status: Record<string, FanOutGroupStatus>;
  /** WECs the hub's Placements selected, sorted. */
  selectedClusters: string[];
}

/** Validates inputs and plans the fan-out; throws `InputValidationError` listing every problem. */
export function planFanOutFromInputs(
  inputs: FanOutInputs,
  previous: FanOutPlan | undefined,
  secretBaseline?: FanOutPlanInput["secretBaseline"],
): FanOutPlanResult {
  const issues = transportInputIssues(inputs, inputs.setName, "setName");
  const ns = dnsLabel.safeParse(inputs.namespace);
  if (!ns.success) issues.push(...zodIssues(ns.error, inputs.namespace, "fanOutNamespace"));
  const selectors = z.array(labelSelectorSchema).safeParse(inputs.clusterSelectors);
  if (!selectors.success)
    issues.push(...zodIssues(selectors.error, inputs.clusterSelectors, "clusterSelectors"));
  const clusters = z.array(wecFactsSchema).safeParse(inputs.clusters ?? []);
  if (!clusters.success) issues.push(...zodIssues(clusters.error, inputs.clusters, "clusters"));
  const { objects, paths } = readObjects(inputs, issues);
  const plan = (options: PlanOptions | undefined) =>
    planFanOut({
      setName: inputs.setName,
      namespace: inputs.namespace,
      clusterSelectors: inputs.clusterSelectors,
      clusters: inputs.clusters ?? [],
      objects,
      paths,
      options,
      previous,
      secretBaseline,
    });
  if (issues.length === 0) return plan(planOptions(inputs.options));
  // Every problem at once: the objects are still judged (with the default options) when the
  // selectors and WECs can be read.
  if (ns.success && selectors.success && clusters.success) addPlanIssues(issues, () => plan(undefined));
  throw new InputValidationError(`fan-out of "${inputs.setName}"`, issues);
}

/** Per group, what the Secrets delivered by `olds` were (`recordedSecretBaseline`). */
export function fanOutBaseline(olds: Partial<FanOutInputs>): FanOutPlanInput["secretBaseline"] {
  const plan = olds.plan;
  return recordedSecretBaseline(
    plan &&
      Object.values(plan).flatMap((g) => Object.values(g.sets).flatMap((set) => Object.values(set.objects))),
    () => planFanOutFromInputs(olds as FanOutInputs, plan, "recorded").secretContent,
  );
}

/** The engine's `check`: validation failures, or the inputs plus the computed plan. */
export function checkFanOut(olds: Partial<FanOutInputs>, news: FanOutInputs): CheckResult<FanOutInputs> {
  const sameSet = olds.setName === news.setName && olds.namespace === news.namespace;
  return checkPlanned(olds, news, sameSet, (rest, before) => {
    const r = planFanOutFromInputs(rest, before?.plan, before && fanOutBaseline(before));
    return { fields: { plan: r.plan }, delivered: r.delivered };
  });
}

const OWN_KEYS = ["providerVersion", "owner", "setName", "namespace", "options", "plan"] as const;

/** The engine's `diff`: this resource's own inputs (never `__provider`); the plan covers the content. */
export function diffFanOut(olds: Partial<FanOutOutputs>, news: FanOutInputs) {
  return diffTransportInputs<FanOutInputs>(olds, news, OWN_KEYS, ["setName", "namespace"]);
}

export function fanOutId(inputs: Pick<FanOutInputs, "namespace" | "setName">): string {
  return `${inputs.namespace}/${inputs.setName}`;
}
