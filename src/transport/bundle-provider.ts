import { BUNDLE_OPTION_DEFAULTS } from "./defaults";
import {
  BUNDLE_SET_LABEL,
  InputValidationError,
  kubeconfigServer,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  shortHash,
  zodIssues,
} from "../kube";
import type { InputIssue } from "../kube";
import { bundleOptionsSchema } from "./options";
import type { BundleOptionsArgs } from "./options";
import { parseManifestWorkStatus } from "./status";
import type { FeedbackValue } from "./status";
import { contentHash } from "./bundle";
import { goJson } from "./go-json";
import { identityKey, identityOf } from "./objects";
import type { KubeObject } from "./objects";
import { planBundles } from "./plan";
import type { BundlePlan, PlanOptions, PlanResult } from "./plan";
import { flattenLists, parseWorkloadYaml } from "./yaml";
import type { WorkClient } from "./work-client";

/** Bumped when the provider's behaviour changes; an explicit input, so new code is picked up on purpose. */
export const BUNDLE_PROVIDER_VERSION = "1";

/** Label carrying which stack resource owns a ManifestWork, so two stacks cannot silently share one. */
export const OWNER_LABEL = "its.kubestellar.io/owner";

/** Pulumi's marker for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
  options?: BundleOptionsArgs;
  /** Computed by `check`: ManifestWork name → content hash and objects. */
  plan?: BundlePlan;
}

export interface BundleStatusSummary {
  applied: boolean;
  available: boolean;
  /** `Applied=<state> (<reason>)` or `missing`, for people reading the stack outputs. */
  summary: string;
  /** Feedback values per object (`group/kind/namespace/name`). */
  feedback: Record<string, Record<string, FeedbackValue>>;
}

export interface BundleOutputs extends BundleInputs {
  bundleNames: string[];
  objectCount: number;
  totalBytes: number;
  status: Record<string, BundleStatusSummary>;
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function planOptions(o: BundleOptionsArgs | undefined): PlanOptions {
  const opts = o ?? {};
  return {
    limits: {
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.maxObjects !== undefined ? { maxObjects: opts.maxObjects } : {}),
    },
    createOnly: opts.createOnly,
    serverSideApply: opts.serverSideApply,
    deleteOption:
      opts.deletePropagationPolicy === undefined
        ? undefined
        : { propagationPolicy: opts.deletePropagationPolicy, orphan: opts.orphan },
    feedback: opts.feedback,
    bindingName: opts.bindingName,
    wdsName: opts.wdsName,
    resourceOverrides: opts.resourceOverrides,
  };
}

/** Validates inputs and plans the bundles; throws `InputValidationError` listing every problem. */
export function planFromInputs(inputs: BundleInputs, previous: BundlePlan | undefined): PlanResult {
  const issues: InputIssue[] = [];
  const parsed = bundleOptionsSchema.safeParse(inputs.options ?? {});
  if (!parsed.success)
    issues.push(...zodIssues(parsed.error, inputs.options, "options", bundleOptionsSchema));
  if (kubeconfigServer(inputs.itsKubeconfig) === undefined) {
    issues.push({
      path: "itsKubeconfig",
      reason:
        "is not a kubeconfig with a current context and cluster server (the value is secret, so it is not shown)",
    });
  }
  // Objects are read as kubectl reads them, in either input: a List (any object with items)
  // stands for its items.
  const objects: unknown[] = [];
  const paths: string[] = [];
  (inputs.workloads ?? []).forEach((o, i) => {
    const items: unknown[] = [];
    flattenLists(o, `workloads[${i}]`, `workloads[${i}]`, items, issues);
    items.forEach((item, j) => {
      objects.push(item);
      paths.push(items.length === 1 && item === o ? `workloads[${i}]` : `workloads[${i}].items[${j}]`);
    });
  });
  (inputs.yaml ?? []).forEach((text, i) => {
    const r = parseWorkloadYaml(text, `yaml[${i}]`);
    issues.push(...r.issues);
    r.objects.forEach((o, j) => {
      objects.push(o);
      paths.push(`yaml[${i}] document ${j + 1}`);
    });
  });
  if (issues.length > 0)
    throw new InputValidationError(`ManifestWorkBundle "${inputs.bundleSetName}"`, issues);
  return planBundles({
    setName: inputs.bundleSetName,
    clusterName: inputs.clusterName,
    objects,
    paths,
    options: planOptions(inputs.options),
    properties: {
      labels: inputs.clusterLabels,
      annotations: inputs.clusterAnnotations,
      data: inputs.properties,
    },
    previous,
  });
}

/** The engine's `check`: validation failures, or the inputs plus the computed plan. */
export function checkBundle(
  olds: Partial<BundleInputs>,
  news: BundleInputs,
): { inputs?: BundleInputs; failures?: { property: string; reason: string }[] } {
  // A plan carried in `news` is stale (computed for old inputs): drop it and plan afresh.
  const rest: BundleInputs = { ...news };
  delete rest.plan;
  if (containsUnknown(rest)) return { inputs: rest };
  const sameSet = olds.clusterName === news.clusterName && olds.bundleSetName === news.bundleSetName;
  try {
    const result = planFromInputs(rest, sameSet ? olds.plan : undefined);
    return { inputs: { ...rest, plan: result.plan } };
  } catch (err) {
    if (!(err instanceof InputValidationError)) throw err;
    return {
      failures: err.issues.map((i) => ({
        property: i.path.split(/[.[ ]/)[0] ?? i.path,
        reason: `${i.path}: ${i.reason}`,
      })),
    };
  }
}

const OWN_KEYS = [
  "providerVersion",
  "owner",
  "itsKubeconfig",
  "clusterName",
  "bundleSetName",
  "options",
  "plan",
] as const;

/** The engine's `diff`: compares only this resource's own inputs (never `__provider`). */
export function diffBundle(
  olds: Partial<BundleOutputs>,
  news: BundleInputs,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const replaces: string[] = [];
  if (olds.clusterName !== news.clusterName) replaces.push("clusterName");
  if (olds.bundleSetName !== news.bundleSetName) replaces.push("bundleSetName");
  const oldServer = olds.itsKubeconfig === undefined ? undefined : kubeconfigServer(olds.itsKubeconfig);
  const newServer = kubeconfigServer(news.itsKubeconfig);
  if (oldServer !== newServer) replaces.push("itsKubeconfig");
  const changed = OWN_KEYS.some((k) => goJson(olds[k] ?? null) !== goJson(news[k] ?? null));
  return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace: false };
}

function ownerValue(owner: string): string {
  return shortHash(owner, 40);
}

function withOwner(work: Record<string, unknown>, owner: string): Record<string, unknown> {
  const meta = work.metadata as { labels?: Record<string, string> };
  return {
    ...work,
    metadata: { ...meta, labels: { ...(meta.labels ?? {}), [OWNER_LABEL]: ownerValue(owner) } },
  };
}

function manifestsOf(work: Record<string, unknown>): KubeObject[] {
  const spec = work.spec as { workload?: { manifests?: KubeObject[] } } | undefined;
  return spec?.workload?.manifests ?? [];
}

/**
 * Refuses to place an object that another owner's ManifestWork already places on the same WEC:
 * two works fighting over one object would flap it on the WEC.
 */
async function assertNoConflicts(
  client: WorkClient,
  inputs: BundleInputs,
  result: PlanResult,
): Promise<void> {
  const mine = ownerValue(inputs.owner);
  const wanted = new Map<string, string>();
  for (const work of result.works) {
    for (const m of manifestsOf(work))
      wanted.set(identityKey(identityOf(m)), (work.metadata as { name: string }).name);
  }
  const ours = new Set(result.works.map((w) => (w.metadata as { name: string }).name));
  for (const other of await client.list(inputs.clusterName)) {
    const meta = other.metadata as { name: string; labels?: Record<string, string> };
    if (meta.labels?.[OWNER_LABEL] === mine) continue;
    if (ours.has(meta.name)) {
      throw new Error(
        `conflict: ManifestWork ${inputs.clusterName}/${meta.name} already exists and is not managed by this resource (${meta.labels?.[OWNER_LABEL] === undefined ? "no owner label" : "another stack or resource owns it"}); choose another bundleSetName or remove it`,
      );
    }
    for (const m of manifestsOf(other)) {
      const id = identityKey(identityOf(m));
      const mineIn = wanted.get(id);
      if (mineIn !== undefined) {
        throw new Error(
          `conflict: ${m.apiVersion} ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name} is already placed on WEC "${inputs.clusterName}" by ManifestWork ${meta.name}, which this resource does not own; it would also be placed by ${mineIn}. Remove it from one of them.`,
        );
      }
    }
  }
}

function summarizeStatus(work: Record<string, unknown> | undefined): BundleStatusSummary {
  if (work === undefined) return { applied: false, available: false, summary: "missing", feedback: {} };
  const s = parseManifestWorkStatus(work);
  const feedback: Record<string, Record<string, FeedbackValue>> = {};
  for (const m of s.manifests) {
    if (Object.keys(m.feedback).length > 0)
      feedback[`${m.group}/${m.kind}/${m.namespace}/${m.name}`] = { ...m.feedback };
  }
  const reason = s.applied.reason === "" ? "" : ` (${s.applied.reason})`;
  return {
    applied: s.isApplied,
    available: s.isAvailable,
    summary: `Applied=${s.applied.state}${s.applied.stale ? "/stale" : ""}${reason}`,
    feedback,
  };
}

/** Logs progress of long waits: the engine shows provider stderr in its diagnostics. */
export type ProgressLog = (message: string) => void;

export interface ProviderEnv {
  client: (kubeconfig: string) => WorkClient;
  log: ProgressLog;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

async function waitForStatus(
  env: ProviderEnv,
  client: WorkClient,
  inputs: BundleInputs,
  names: readonly string[],
): Promise<Record<string, BundleStatusSummary>> {
  const want = inputs.options?.waitFor ?? BUNDLE_OPTION_DEFAULTS.waitFor;
  const status: Record<string, BundleStatusSummary> = {};
  const read = async () => {
    for (const name of names) status[name] = summarizeStatus(await client.get(inputs.clusterName, name));
  };
  await read();
  if (want === "None") return status;
  const timeoutMs = (inputs.options?.waitTimeoutSeconds ?? BUNDLE_OPTION_DEFAULTS.waitTimeoutSeconds) * 1000;
  const start = env.now();
  const done = () => names.every((n) => (want === "Applied" ? status[n]!.applied : status[n]!.available));
  let lastLog = start;
  // Agents usually apply within a second: poll fast at first, then back off to every 2s.
  let interval = 250;
  while (!done()) {
    const waited = env.now() - start;
    if (waited >= timeoutMs) {
      const pending = names.filter((n) => !(want === "Applied" ? status[n]!.applied : status[n]!.available));
      throw new Error(
        `timed out after ${Math.round(waited / 1000)}s waiting for ${want} on WEC "${inputs.clusterName}": ${pending
          .map((n) => `${n} ${status[n]!.summary}`)
          .join(", ")}; is the WEC's work agent running?`,
      );
    }
    if (env.now() - lastLog >= 10_000) {
      const ready =
        names.length -
        names.filter((n) => !(want === "Applied" ? status[n]!.applied : status[n]!.available)).length;
      env.log(
        `waiting for ${want} on WEC "${inputs.clusterName}": ${ready}/${names.length} bundles after ${Math.round(waited / 1000)}s`,
      );
      lastLog = env.now();
    }
    await env.sleep(Math.min(interval, timeoutMs - waited));
    interval = Math.min(interval * 2, 2000);
    await read();
  }
  return status;
}

function outputsOf(
  inputs: BundleInputs,
  plan: BundlePlan,
  result: PlanResult,
  status: Record<string, BundleStatusSummary>,
): BundleOutputs {
  return {
    ...inputs,
    plan,
    bundleNames: Object.keys(plan),
    objectCount: result.objectCount,
    totalBytes: result.totalBytes,
    status,
  };
}

/** A failure after some bundles were written: the engine records `properties` as the state. */
export class PartialApplyError extends Error {
  constructor(
    public readonly id: string,
    public readonly properties: BundleOutputs,
    public readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** Applies `result`'s works whose content differs from `before`, then deletes works `before` had and `result` lacks. */
async function reconcile(
  env: ProviderEnv,
  id: string,
  inputs: BundleInputs,
  before: BundlePlan,
  result: PlanResult,
): Promise<BundleOutputs> {
  const client = env.client(inputs.itsKubeconfig);
  await assertNoConflicts(client, inputs, result);
  const state: Record<string, BundlePlan[string]> = { ...before };
  const snapshot = (): BundlePlan => {
    const sorted: Record<string, BundlePlan[string]> = {};
    for (const k of Object.keys(state).sort()) sorted[k] = state[k]!;
    return sorted;
  };
  try {
    for (const work of result.works) {
      const name = (work.metadata as { name: string }).name;
      const wanted = result.plan[name]!;
      if (before[name]?.hash === wanted.hash) continue;
      await client.apply(withOwner(work, inputs.owner));
      state[name] = wanted;
    }
    for (const name of Object.keys(before)) {
      if (result.plan[name] !== undefined) continue;
      await client.delete(inputs.clusterName, name);
      delete state[name];
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialApplyError(id, outputsOf(inputs, snapshot(), result, {}), [message]);
  }
  const plan = snapshot();
  try {
    const status = await waitForStatus(env, client, inputs, Object.keys(plan));
    return outputsOf(inputs, plan, result, status);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialApplyError(id, outputsOf(inputs, plan, result, {}), [message]);
  }
}

export function bundleId(inputs: Pick<BundleInputs, "clusterName" | "bundleSetName">): string {
  return `${inputs.clusterName}/${inputs.bundleSetName}`;
}

export async function createBundle(
  env: ProviderEnv,
  inputs: BundleInputs,
): Promise<{ id: string; outs: BundleOutputs }> {
  const result = planFromInputs(inputs, inputs.plan);
  const id = bundleId(inputs);
  return { id, outs: await reconcile(env, id, inputs, {}, result) };
}

export async function updateBundle(
  env: ProviderEnv,
  id: string,
  olds: BundleOutputs,
  news: BundleInputs,
): Promise<{ outs: BundleOutputs }> {
  const result = planFromInputs(news, news.plan ?? olds.plan);
  return { outs: await reconcile(env, id, news, olds.plan ?? {}, result) };
}

/**
 * `refresh`: reads the ManifestWorks back. A deleted bundle drops out of the plan and a bundle
 * whose manifests were edited by hand gets a `drift-…` hash, so the next `up` rewrites it.
 */
export async function readBundle(
  env: ProviderEnv,
  id: string,
  props: BundleOutputs,
): Promise<{ id: string; props: BundleOutputs }> {
  const client = env.client(props.itsKubeconfig);
  const desired = planFromInputs(props, props.plan);
  const desiredManifests = new Map(
    desired.works.map((w) => [(w.metadata as { name: string }).name, goJson(manifestsOf(w))]),
  );
  const plan: Record<string, BundlePlan[string]> = {};
  const status: Record<string, BundleStatusSummary> = {};
  for (const [name, entry] of Object.entries(props.plan ?? {})) {
    const live = await client.get(props.clusterName, name);
    if (live === undefined) continue;
    const liveManifests = goJson(manifestsOf(live));
    plan[name] =
      desiredManifests.get(name) === liveManifests
        ? entry
        : { ...entry, hash: `drift-${contentHash(liveManifests)}` };
    status[name] = summarizeStatus(live);
  }
  return { id, props: { ...props, plan, bundleNames: Object.keys(plan), status } };
}

export async function deleteBundle(env: ProviderEnv, props: BundleOutputs): Promise<void> {
  const client = env.client(props.itsKubeconfig);
  for (const name of Object.keys(props.plan ?? {})) await client.delete(props.clusterName, name);
}

/** Labels that find every ManifestWork of one bundle set, e.g. for `kubectl get manifestwork -l`. */
export function bundleSetSelector(setName: string): string {
  return `${BUNDLE_SET_LABEL}=${setName},${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
}
