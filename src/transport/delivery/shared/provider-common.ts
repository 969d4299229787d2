/**
 * What the three transport providers (`ManifestWorkBundle`, `BindingBundles`, `HubFanOut`) share
 * in how they answer the engine: `check` turns validation into failures, `diff` compares their
 * own inputs, and a write that stops part way reports what it did write.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  boundIssues,
  diffOwnInputs,
  InputValidationError,
  kubeconfigServer,
  providerLog,
  showList,
} from "../../../kube";
import type { DryRunClient } from "../../../kube/dry-run-client";
import { makeDryRunClient } from "../../../kube/dry-run-client";
import type { DeliveredObject } from "./hub-validation";
import { recordedContent, validateOnHub } from "./hub-validation";
import { goJson } from "../../go/go-json";
import type { WorkloadSources } from "../../plan/read";
import { workloadShapeIssues } from "../../plan/read";
import { redactError, redactIssues } from "../../plan/redact";
import { recordsRevision } from "../../plan/revisions";
import { notAHubProblem, probeHub } from "./work-client";
import { backoffMs, retryPolicyFromEnv } from "../../../kube/retry";
import type { RetryClock, RetryPolicy } from "../../../kube/retry";
import { REAL_CLOCK } from "../../../kube/hub-http";
import { RENDER_DIR_ENV, renderDelivered, writeRendered } from "./render";
import type { HubProbe } from "./work-client";

/** Pulumi's marker for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value holds Pulumi's unknown marker anywhere (preview of not-yet-known inputs). */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export type CheckResult<I> = {
  inputs?: I;
  failures?: { property: string; reason: string }[];
  /** What the plan delivers, for the hub's dry-run (engineCheck); never given to the engine. */
  delivered?: readonly DeliveredObject[];
};

/** What a provider's planning gives `checkOrFailures`: the computed inputs and what they deliver. */
export interface Planned<I> {
  readonly fields: Partial<I>;
  readonly delivered: readonly DeliveredObject[];
}

/**
 * The engine's `check` over `rest` (the inputs without a stale plan): inputs not yet known pass
 * as they are; otherwise `plan` adds the computed fields, or its `InputValidationError` becomes
 * one failure per problem, each reason starting with the problem's path. Every failure and error
 * passes the one redaction step (redact.ts) first: nothing of a secret entry is shown.
 */
export function checkOrFailures<I extends WorkloadSources>(rest: I, plan: () => Planned<I>): CheckResult<I> {
  // Before any other walk of the inputs: a cycle or 10,000 levels would overflow the stack.
  // These problems name paths and kinds only, nothing of a value.
  const shape = workloadShapeIssues(rest);
  if (shape.length > 0)
    return {
      failures: new InputValidationError("workloads", shape).issues.map((i) => ({
        property: i.path.split(/[.[ ]/)[0] ?? i.path,
        reason: i.path === "" ? i.reason : `${i.path}: ${i.reason}`,
      })),
    };
  if (containsUnknown(rest)) return { inputs: rest };
  try {
    const { fields, delivered } = plan();
    return { inputs: { ...rest, ...fields }, delivered };
  } catch (err) {
    if (!(err instanceof InputValidationError)) throw redactError(err, rest);
    return {
      failures: redactIssues(err.issues, rest).map((i) => ({
        property: i.path.split(/[.[ ]/)[0] ?? i.path,
        reason: `${i.path}: ${i.reason}`,
      })),
    };
  }
}

/**
 * The engine's `check` of a planned transport resource. A plan carried in `news` is stale
 * (computed for old inputs): it is dropped and planned afresh, from the recorded plan (and what
 * its Secrets were) only while `sameSet` holds; a resource that became another set starts anew.
 */
export function checkPlanned<I extends WorkloadSources & { plan?: unknown }>(
  olds: Partial<I>,
  news: I,
  sameSet: boolean,
  plan: (rest: I, previous: Partial<I> | undefined) => Planned<I>,
): CheckResult<I> {
  const rest: I = { ...news };
  delete rest.plan;
  return checkOrFailures(rest, () => plan(rest, sameSet ? olds : undefined));
}

/**
 * What the Secrets a recorded plan delivered were, planned again in memory and never recorded:
 * the baseline that keeps or moves their revisions. Undefined when the plan records no Secret
 * revision (nothing to compare) or `olds` no longer plan: every recorded revision then moves on,
 * the safe side.
 */
export function recordedSecretBaseline<B>(
  recorded: readonly string[] | undefined,
  replan: () => B,
): B | undefined {
  if (recorded === undefined || !recordsRevision(recorded)) return undefined;
  try {
    return replan();
  } catch {
    return undefined;
  }
}

/**
 * The plan an update writes: the one `check` computed for `news` (`recorded`: its Secret
 * revisions stand), or, when the engine passed none, one planned afresh from `olds`' plan.
 */
export function planForUpdate<P, R>(
  news: { readonly plan?: P },
  olds: { readonly plan?: P },
  plan: (previous: P | undefined, recorded: boolean) => R,
): R {
  return news.plan !== undefined ? plan(news.plan, true) : plan(olds.plan, false);
}

/**
 * The engine's `diff` of a transport resource: `own` inputs compared as Go's encoder would write
 * them (never `__provider`), a replacement when a `replaceOn` input changes or the kubeconfig
 * points at another API server (same server, new credentials: an update).
 */
export function diffTransportInputs<T extends { itsKubeconfig: string }>(
  olds: Partial<T>,
  news: T,
  own: readonly (keyof T & string)[],
  replaceOn: readonly (keyof T & string)[],
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  // Compared as Go's encoder writes them: key order is not a change.
  return diffOwnInputs<T>(olds, news, [...own, "itsKubeconfig"], replaceOn, {
    server: "itsKubeconfig",
    encode: goJson,
  });
}

/**
 * A binding resource's inputs without the workload and the WECs' facts: what its outputs carry,
 * so the state holds the content once (in the inputs), not twice.
 */
export function withoutContent<I extends { workloads?: unknown; yaml?: unknown; clusters?: unknown }>(
  inputs: I,
): Omit<I, "workloads" | "yaml" | "clusters"> {
  const own: Partial<I> = { ...inputs };
  delete own.workloads;
  delete own.yaml;
  delete own.clusters;
  return own as Omit<I, "workloads" | "yaml" | "clusters">;
}

/** `run`, whose errors (from the hub, a template, anywhere) pass the one redaction step first. */
export async function redactingErrors<T>(inputs: WorkloadSources, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw redactError(err, inputs);
  }
}

/** What a transport provider does, over the inputs and outputs the engine passes. */
export interface TransportOperations<I extends WorkloadSources, O extends object> {
  /** The engine's `check`, hub validation included (`engineCheck`). */
  check(olds: Partial<I>, news: I): Promise<CheckResult<I>>;
  diff(olds: Partial<O>, news: I): pulumi.dynamic.DiffResult;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  read(id: string, props: O): Promise<{ id: string; props: O }>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  /** Why `update` must not go ahead at all (nothing is written), or undefined. */
  refuseUpdate?(olds: O, news: I): string | undefined;
  delete(props: O): Promise<void>;
}

/**
 * A transport resource's dynamic provider: `ops` as the engine calls them, with every error of a
 * read or write passing the one redaction step (`redactingErrors`) over the inputs it concerns.
 */
export function transportProvider<I extends WorkloadSources & { itsKubeconfig: string }, O extends object>(
  ops: TransportOperations<I, O>,
): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    check: (olds, news) => ops.check(olds, news),
    diff: (_id, olds, news) => Promise.resolve(ops.diff(olds, news)),
    // The hub's and the update's own refusals quote nothing of the workloads: they pass as written.
    create: async (inputs) => {
      await assertHub(inputs.itsKubeconfig);
      return redactingErrors(inputs, () => ops.create(inputs));
    },
    read: async (id, props) => {
      const kubeconfig = (props as { itsKubeconfig?: unknown } | undefined)?.itsKubeconfig;
      if (typeof kubeconfig === "string") await assertHub(kubeconfig);
      return redactingErrors(props ?? {}, () => ops.read(id, props ?? ({} as O)));
    },
    update: async (id, olds, news) => {
      const refusal = ops.refuseUpdate?.(olds, news);
      if (refusal !== undefined) throw new Error(refusal);
      await assertHub(news.itsKubeconfig);
      return redactingErrors(news, () => ops.update(id, olds, news));
    },
    delete: (_id, props) => redactingErrors(props, () => ops.delete(props)),
  };
}

/** A failure after some writes: the engine records `properties` as the resource's state. */
export class PartialWriteError<O> extends Error {
  constructor(
    public readonly id: string,
    public readonly properties: O,
    public readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** One probe per ITS kubeconfig per provider process: the host serves every resource. */
const probes = new Map<string, Promise<HubProbe>>();
/** The ITS API servers this process already warned about: one warning per ITS per run. */
const warnedUnreachable = new Set<string>();

/** How engineCheck reaches the hub (and the render directory); replaced in tests. */
export interface HubAccess {
  readonly probe: (kubeconfig: string) => Promise<HubProbe>;
  /** Writes what each WEC will hold where `KSITS_RENDER_DIR` says (render.ts); nothing when unset. */
  readonly render: (delivered: readonly DeliveredObject[]) => void;
  readonly dryRun: (kubeconfig: string) => DryRunClient;
  readonly log: (message: string) => void;
}

const REAL_HUB: HubAccess = {
  probe: probeHub,
  render: (delivered) => {
    const dir = process.env[RENDER_DIR_ENV];
    if (dir !== undefined && dir !== "") writeRendered(dir, renderDelivered(delivered));
  },
  dryRun: makeDryRunClient,
  log: providerLog,
};

/**
 * The probe of `kubeconfig`'s API server, shared by every resource of this process once it found
 * a hub; any other answer is asked again next time (the hub may be installed, or come back, in
 * the meantime).
 */
async function probeOnce(kubeconfig: string, hub: HubAccess): Promise<HubProbe> {
  if (!probes.has(kubeconfig)) probes.set(kubeconfig, hub.probe(kubeconfig));
  const probe = await probes.get(kubeconfig)!;
  if (probe.problem !== undefined || probe.role !== "hub") probes.delete(kubeconfig);
  return probe;
}

/**
 * Whether this process's probe found an OCM hub at `kubeconfig`'s API server (after engineCheck):
 * what only the hub knows is read only then, so a preview without the hub plans from the inputs.
 */
export function probedAsHub(kubeconfig: string): boolean {
  return probes.has(kubeconfig);
}

/**
 * Throws, naming `itsKubeconfig`, unless the API server it points at answers and is an OCM hub:
 * run before a transport resource writes or reads, so `up` and `refresh` fail clearly (not
 * half-way, nor with "Unrecognized API version and kind ... ManifestWork" from a WEC).
 */
/** A write's probe: at most 5 attempts (≈ 3 s of backoff), within the process's policy. */
const PROBE_RETRY_POLICY: RetryPolicy = (() => {
  const p = retryPolicyFromEnv(process.env);
  return { ...p, attempts: Math.min(5, p.attempts) };
})();

export async function assertHub(
  kubeconfig: string,
  hub: HubAccess = REAL_HUB,
  policy: RetryPolicy = PROBE_RETRY_POLICY,
  clock: RetryClock = REAL_CLOCK,
): Promise<void> {
  // Unlike the preview's probe, a write's probe is retried: one reset connection must not fail an
  // up or a refresh. Briefly (PROBE_RETRY_POLICY): the calls that follow retry at length anyway.
  const start = clock.now();
  let probe = await probeOnce(kubeconfig, hub);
  for (
    let attempt = 1;
    probe.problem !== undefined && probe.unreachable && attempt < policy.attempts;
    attempt++
  ) {
    const delay = backoffMs(policy, attempt, undefined, clock.random);
    if (clock.now() + delay - start > policy.deadlineMs) break;
    await clock.sleep(delay);
    probe = await probeOnce(kubeconfig, hub);
  }
  const problem = notAHubProblem(probe, kubeconfigServer(kubeconfig) ?? "<unknown>");
  if (problem !== undefined) throw new Error(`itsKubeconfig: ${problem}`);
}

/**
 * `result` as the engine gets it: failures without a property name (given one, the engine prints
 * "property <p> value <v> has a problem" with the whole value, unredacted even when secret), and,
 * once there is a plan, the ITS probed: credentials it refuses, or a WEC given as the ITS, fail
 * the preview; an ITS that does not answer leaves the plan as computed, with one warning per ITS
 * (writes then refuse clearly: `assertHub`). Without a plan the inputs are not all known yet (the
 * kubeconfig may be the unknown marker itself): nothing to probe.
 *
 * With a reachable ITS, every delivered object whose content `oldPlan` did not record is
 * dry-run on the ITS API server (hub-validation.ts): its refusals fail the check; what it could
 * not judge is logged as checked by local rules only.
 */
export async function engineCheck<I extends WorkloadSources & { itsKubeconfig: string; plan?: unknown }>(
  result: CheckResult<I>,
  oldPlan?: unknown,
  hub: HubAccess = REAL_HUB,
): Promise<CheckResult<I>> {
  if (result.failures !== undefined)
    return { failures: result.failures.map((f) => ({ property: "", reason: f.reason })) };
  const { delivered, ...rest } = result;
  if (rest.inputs?.plan === undefined) return rest;
  hub.render(delivered ?? []);
  const key = rest.inputs.itsKubeconfig;
  const server = kubeconfigServer(key) ?? "<unknown>";
  const probe = await probeOnce(key, hub);
  if (probe.problem !== undefined && probe.unreachable) {
    // The plan comes from inputs and state: a runner that cannot reach a private hub still
    // previews. What only the hub knows is said once per ITS.
    if (!warnedUnreachable.has(server)) {
      warnedUnreachable.add(server);
      hub.log(
        `warning: ${probe.problem}. This preview planned from the inputs and the state only: the hub's dry-run, other writers' ManifestWorks and drift are not known; up and refresh need the hub`,
      );
    }
    return rest;
  }
  // A WEC given as the ITS fails now; a cluster without the work API may be an ITS whose hub this
  // same up installs, so only a write (assertHub) refuses it.
  const problem = probe.role === "wec" ? notAHubProblem(probe, server) : probe.problem;
  if (problem !== undefined) return { failures: [{ property: "", reason: `itsKubeconfig: ${problem}` }] };
  if (delivered === undefined || delivered.length === 0) return rest;
  const checked = await validateOnHub(
    hub.dryRun(key),
    kubeconfigServer(key) ?? "",
    delivered,
    recordedContent(oldPlan),
    rest.inputs,
  );
  if (checked.localOnly.length > 0) {
    hub.log(
      `${checked.localOnly.length} object(s) checked by the library's local rules only, not by the ITS API server: ${showList(checked.localOnly, 10)}`,
    );
  }
  if (checked.issues.length === 0) return rest;
  return {
    failures: boundIssues(redactIssues(checked.issues, rest.inputs)).map((i) => ({
      property: "",
      reason: i.path === "" ? i.reason : `${i.path}: ${i.reason}`,
    })),
  };
}
