/**
 * The `BindingBundles` provider's inputs and outputs: one resource per binding holds the workload
 * once and plans every selected WEC's ManifestWorks (the same ManifestWorks per-WEC
 * `ManifestWorkBundle`s write), recording per WEC only what differs (binding-plan.ts). `check`
 * plans, so `pulumi preview --diff` names each WEC and ManifestWork that changes.
 */
import {
  addIssues,
  BUNDLE_HASH_ANNOTATION,
  BUNDLE_SET_LABEL,
  InputValidationError,
  ORIGIN_GENERATION_ANNOTATION,
  showValue,
  zodIssues,
} from "../../../kube";
import type { InputIssue } from "../../../kube";
import { z } from "zod";
import { contentHash } from "../../plan/bundle";
import { planOptions, transportInputIssues } from "../shared/transport-inputs";
import { readObjects } from "../../plan/read";
import { checkPlanned, diffTransportInputs, recordedSecretBaseline } from "../shared/provider-common";
import type { CheckResult } from "../shared/provider-common";
import type { BundleStatusSummary } from "../shared/work-status";
import { compactPlans, expandWecPlan } from "../../plan/binding-plan";
import type { BindingPlan, WecPlanned } from "../../plan/binding-plan";
import type { WecFacts } from "../../plan/wec-facts";
import { wecFactsSchema } from "../../plan/wec-facts";
import { goJson } from "../../go/go-json";
import { identityKey, identityOf } from "../../plan/objects";
import type { KubeObject } from "../../plan/objects";
import type { BundleOptions } from "../../plan/options";
import { bundleName, planBundles } from "../../plan/plan";
import type { BundlePlan, PlannedBundle, PlanResult } from "../../plan/plan";
import { visibleSpecJson } from "../../plan/revisions";
import type { SecretBaseline } from "../../plan/revisions";

/** Bumped when the provider's behaviour changes; an explicit input, so new code is picked up on purpose. */
export const BINDING_PROVIDER_VERSION = "1";

/** The dynamic resource's inputs, as the provider receives them (secrets already unwrapped). */
export interface BindingInputs {
  providerVersion: string;
  /** Stack-unique owner id of this resource (project/stack/name). */
  owner: string;
  /**
   * Owner ids of the per-WEC `ManifestWorkBundle`s this binding had before (`<prefix><wec>`):
   * their ManifestWorks are adopted, not rewritten.
   */
  legacyOwnerPrefix: string;
  itsKubeconfig: string;
  setName: string;
  /** The selected WECs with what their templates expand from. */
  clusters: WecFacts[];
  workloads?: Record<string, unknown>[];
  yaml?: string[];
  options?: BundleOptions;
  /** `up` may withdraw the workload from every WEC it delivered to (absent: it may not). */
  allowWithdrawAll?: boolean;
  /** Computed by `check`. */
  plan?: BindingPlan;
}

/** Outputs: the inputs without the workload and the WECs' facts, plus status per WEC. */
export interface BindingOutputs extends Omit<BindingInputs, "workloads" | "yaml" | "clusters"> {
  /** Selected WECs, sorted. */
  wecs: string[];
  /** Objects per WEC. */
  objectCount: number;
  /** Bytes per WEC (Σ manifest size). */
  totalBytes: number;
  /** WEC → ManifestWork name → Applied, Available, summary and feedback. */
  status: Record<string, Record<string, BundleStatusSummary>>;
}

export interface BindingPlanResult {
  readonly plan: BindingPlan;
  /** WEC → its ManifestWorks, as one per-WEC bundle would write them. */
  readonly perWec: Readonly<Record<string, PlanResult>>;
  readonly objectCount: number;
  /** Σ size of one WEC's objects that are not Secrets (what the outputs show). */
  readonly totalBytes: number;
}

/** Keys tried for a work whose name `bundleName` shortened (set names near 63 characters). */
const MAX_SHORTENED_KEYS = 4096;
const shortenedNames = new Map<string, Map<string, string>>();

/** The bundle key of ManifestWork `name` of set `setName` (`bundleName`'s inverse), if it is one. */
export function keyOfWork(setName: string, name: string): string | undefined {
  const prefix = `${setName}-`;
  if (name.startsWith(prefix) && /^(0|[1-9][0-9]*)$/.test(name.slice(prefix.length))) {
    const key = name.slice(prefix.length);
    if (bundleName(setName, key) === name) return key;
  }
  let names = shortenedNames.get(setName);
  if (names === undefined) {
    names = new Map();
    for (let k = 0; k < MAX_SHORTENED_KEYS; k++) names.set(bundleName(setName, String(k)), String(k));
    shortenedNames.set(setName, names);
  }
  return names.get(name);
}

/** What a WEC's ManifestWorks on the hub say about how they were planned. */
export interface LiveWorks {
  /** As a previous plan: keys, content hashes, generations and each manifest's hash. */
  readonly plan: BundlePlan;
  /** ManifestWork name → hash of its spec as it is on the hub. */
  readonly specHashes: Readonly<Record<string, string>>;
}

/**
 * Reads the ManifestWorks a WEC's per-WEC bundle wrote as a previous plan, so that when a binding
 * takes them over, packing and generations carry over and nothing is rewritten. A work whose spec
 * the new plan reproduces keeps its recorded hash and generation too, even when an older release
 * hashed differently.
 */
export function liveWorks(setName: string, works: readonly Record<string, unknown>[]): LiveWorks {
  const plan: Record<string, PlannedBundle> = {};
  const specHashes: Record<string, string> = {};
  for (const work of works) {
    const meta = work.metadata as {
      name: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    if (meta.labels?.[BUNDLE_SET_LABEL] !== setName) continue;
    const key = keyOfWork(setName, meta.name);
    const hash = meta.annotations?.[BUNDLE_HASH_ANNOTATION];
    const generation = Number(meta.annotations?.[ORIGIN_GENERATION_ANNOTATION] ?? "1");
    if (hash === undefined || key === undefined || !Number.isInteger(generation)) continue;
    const manifests =
      (work.spec as { workload?: { manifests?: KubeObject[] } } | undefined)?.workload?.manifests ?? [];
    const objects: Record<string, string> = {};
    for (const m of manifests) objects[identityKey(identityOf(m))] = contentHash(Buffer.from(goJson(m)));
    plan[meta.name] = { key, hash, bytes: 0, generation, objects };
    specHashes[meta.name] = contentHash(goJson(work.spec ?? {}));
  }
  return { plan, specHashes };
}

/**
 * `result` where each work whose spec equals the one recorded before keeps the recorded hash and
 * generation: the same ManifestWork, even when it was hashed by an older release (or the content
 * hash formula changed), so nothing is rewritten and no generation moves. Also gives the spec
 * hashes to record.
 */
export function keepIdentity(
  result: PlanResult,
  before: BundlePlan | undefined,
  beforeSpecs: Readonly<Record<string, string>>,
  fromHub = false,
): { result: PlanResult; specHashes: Record<string, string> } {
  const plan: Record<string, PlannedBundle> = { ...result.plan };
  const specHashes: Record<string, string> = {};
  const works = result.works.map((work) => {
    const meta = work.metadata as { name: string; annotations: Record<string, string> };
    const now = plan[meta.name]!;
    // Recorded: over Secret revisions. Compared with the hub's works (in memory): the real spec.
    const specHash = contentHash(visibleSpecJson(work.spec, now.objects));
    specHashes[meta.name] = specHash;
    const was = before?.[meta.name];
    const compared = fromHub ? contentHash(goJson(work.spec)) : specHash;
    if (was === undefined || was.hash.startsWith("drift-") || beforeSpecs[meta.name] !== compared)
      return work;
    // A hub work's hash may be a content hash of its Secrets (older releases): never recorded.
    if (fromHub && result.secretContent.size > 0) return work;
    if (was.hash === now.hash && was.generation === now.generation) return work;
    plan[meta.name] = { ...now, hash: was.hash, generation: was.generation };
    return {
      ...work,
      metadata: {
        ...meta,
        annotations: {
          ...meta.annotations,
          [BUNDLE_HASH_ANNOTATION]: was.hash,
          [ORIGIN_GENERATION_ANNOTATION]: String(was.generation),
        },
      },
    };
  });
  return { result: { ...result, plan, works }, specHashes };
}

/**
 * Validates inputs and plans every selected WEC; throws `InputValidationError` listing every
 * problem of every WEC (a problem shared by all WECs is listed once).
 */
export function planBinding(
  inputs: BindingInputs,
  previous: BindingPlan | undefined,
  live: Readonly<Record<string, LiveWorks>> = {},
  secretBaseline?: "recorded" | Readonly<Record<string, SecretBaseline>>,
): BindingPlanResult {
  const issues: InputIssue[] = [];
  addIssues(issues, transportInputIssues(inputs, inputs.setName, "name"));
  if (inputs.allowWithdrawAll !== undefined && typeof inputs.allowWithdrawAll !== "boolean")
    issues.push({
      path: "allowWithdrawAll",
      reason: `must be true or false; got ${showValue(inputs.allowWithdrawAll)}`,
    });
  const clusters = z.array(wecFactsSchema).safeParse(inputs.clusters);
  if (!clusters.success) addIssues(issues, zodIssues(clusters.error, inputs.clusters, "clusters"));
  const { objects, paths } = readObjects(inputs, issues);
  // Every problem at once: with a bad input the objects are still judged for every WEC (with the
  // default options), unless the WECs themselves cannot be read.
  if (!clusters.success) throw new InputValidationError(`binding "${inputs.setName}"`, issues);
  const options = issues.length === 0 ? planOptions(inputs.options) : undefined;
  const perWec: Record<string, PlanResult> = {};
  const planned: Record<string, WecPlanned> = {};
  for (const c of [...inputs.clusters].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    try {
      const recorded = expandWecPlan(previous, c.name);
      const before = recorded ?? live[c.name]?.plan;
      const beforeSpecs =
        recorded === undefined
          ? (live[c.name]?.specHashes ?? {})
          : Object.fromEntries(
              Object.entries(previous!.wecs[c.name]!.works).map(([n, w]) => [n, w.specHash]),
            );
      const kept = keepIdentity(
        planBundles({
          setName: inputs.setName,
          clusterName: c.name,
          objects,
          paths,
          options,
          properties: { labels: c.labels, annotations: c.annotations, data: c.properties },
          previous: before,
          secretBaseline: secretBaseline === "recorded" ? secretBaseline : secretBaseline?.[c.name],
        }),
        before,
        beforeSpecs,
        recorded === undefined,
      );
      perWec[c.name] = kept.result;
      planned[c.name] = { plan: kept.result.plan, specHashes: kept.specHashes };
    } catch (err) {
      if (!(err instanceof InputValidationError)) throw err;
      addIssues(issues, err.issues);
    }
  }
  if (issues.length > 0) throw new InputValidationError(`binding "${inputs.setName}"`, issues);
  const first = Object.values(perWec)[0];
  return {
    plan: compactPlans(planned, new Set(Object.values(perWec).flatMap((r) => r.templatedIds))),
    perWec,
    objectCount: first?.objectCount ?? 0,
    totalBytes: first?.visibleTotalBytes ?? 0,
  };
}

/** The engine's `check`: validation failures, or the inputs plus the computed plan. */
export function checkBinding(
  olds: Partial<BindingInputs>,
  news: BindingInputs,
  live: Readonly<Record<string, LiveWorks>> = {},
): CheckResult<BindingInputs> {
  return checkPlanned(olds, news, olds.setName === news.setName, (rest, before) => {
    const r = planBinding(rest, before?.plan, live, before && bindingBaseline(before));
    return { fields: { plan: r.plan }, delivered: Object.values(r.perWec).flatMap((w) => w.delivered) };
  });
}

/** Per WEC, what the Secrets delivered by `olds` were (`recordedSecretBaseline`). */
export function bindingBaseline(
  olds: Partial<BindingInputs>,
): Readonly<Record<string, SecretBaseline>> | undefined {
  const plan = olds.plan;
  return recordedSecretBaseline(
    plan && [
      ...Object.values(plan.objects),
      ...Object.values(plan.wecs).flatMap((w) => Object.values(w.objects ?? {})),
    ],
    () => {
      const r = planBinding(olds as BindingInputs, plan, {}, "recorded");
      return Object.fromEntries(Object.entries(r.perWec).map(([wec, p]) => [wec, p.secretContent]));
    },
  );
}

const OWN_KEYS = ["providerVersion", "owner", "setName", "options", "plan"] as const;

/** How many WECs a refusal names before "and N more". */
const NAMED_WECS = 10;

/**
 * Why `up` must not apply `news` over `olds`: the binding delivered to WECs, would now deliver
 * to none, and does not say it may (`allowWithdrawAll`). Undefined when it may go ahead. Pure.
 */
export function withdrawAllRefusal(olds: Partial<BindingOutputs>, news: BindingInputs): string | undefined {
  const before = [...(olds.wecs ?? [])].sort();
  if (before.length === 0 || (news.clusters ?? []).length > 0 || news.allowWithdrawAll === true)
    return undefined;
  const named = before.slice(0, NAMED_WECS).join(", ");
  const more = before.length > NAMED_WECS ? ` and ${before.length - NAMED_WECS} more` : "";
  return `binding "${news.setName}" would withdraw its workload from every WEC it delivers to (${named}${more}): its selectors now select none. Fix the selectors or the WECs' labels, or set allowWithdrawAll: true on the binding to withdraw it`;
}

/**
 * Whether two plans hold the same works and objects for every WEC, however compacted: 0.4.0
 * records templated hashes per WEC where 0.3.0 stored the most common one once, and a stack
 * recorded by 0.3.0 must not show a change for that alone.
 */
export function samePerWecPlans(a: BindingPlan, b: BindingPlan): boolean {
  const wecs = Object.keys(a.wecs).sort();
  if (goJson(wecs) !== goJson(Object.keys(b.wecs).sort())) return false;
  return wecs.every(
    (w) =>
      goJson(a.wecs[w]!.works) === goJson(b.wecs[w]!.works) &&
      goJson(expandWecPlan(a, w)) === goJson(expandWecPlan(b, w)),
  );
}

/** The engine's `diff`: this resource's own inputs; the plan covers the content of every WEC. */
export function diffBinding(olds: Partial<BindingOutputs>, news: BindingInputs) {
  const samePlan =
    olds.plan !== undefined && news.plan !== undefined && samePerWecPlans(olds.plan, news.plan);
  return diffTransportInputs<BindingInputs>(olds, samePlan ? { ...news, plan: olds.plan } : news, OWN_KEYS, [
    "setName",
  ]);
}

export function bindingId(inputs: Pick<BindingInputs, "setName">): string {
  return inputs.setName;
}
