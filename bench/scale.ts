import type { Stack } from "@pulumi/pulumi/automation";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { WorkloadBinding } from "../components/binding/workload-binding";
import { InventoryTransportSpace } from "../components/its/inventory-transport-space";
import { WorkloadExecutionCluster } from "../components/wec/workload-execution-cluster";
import { ORIGIN_BINDING_LABEL } from "../src/kube";
import type { KubeObject } from "../src/transport/plan/objects";
import { Delivery } from "../src/transport";
import { kubeconfigFile, kubectl, pulumiEnv, SANDBOX, stackFor } from "./engine";
import type { PeakRss } from "./proc-sampler";
import { ProcessTreeSampler } from "./proc-sampler";
import type { WriteCounts } from "./side-by-side-watch";
import { ManifestWorkTally, now, writesBetween } from "./side-by-side-watch";
import type { Figure } from "./stats";
import { figure } from "./stats";
import { stateBreakdown } from "./state-breakdown";
import { makeObject, rng } from "./workload";
import { killPulumiTree } from "../test/support/pulumi-process";
import { sandboxJoinIdentity } from "../test/support/sandbox";

const REAL_WECS = ["wec1", "wec2"];
/** The binding's name: its bundle set and the value of its binding label on every ManifestWork. */
const BINDING = "scale";
const SELECTOR = { "ksits-bench": "scale" };
export const fakeName = (i: number) => `scale-wec-${String(i).padStart(4, "0")}`;
const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"];

/** Why the scale bench cannot run here, or undefined when its sandbox is up. */
export function scaleSandboxProblem(): string | undefined {
  const howTo = `start a sandbox with \`KSITS_SANDBOX=${SANDBOX} bash sandbox/up.sh\` (any KSITS_SANDBOX_PORT_BASE), then \`KSITS_SANDBOX=${SANDBOX} npm run bench -- scale\``;
  for (const c of ["hub", ...REAL_WECS]) {
    if (!existsSync(kubeconfigFile(c))) return `no ${c} kubeconfig in ${SANDBOX}: ${howTo}`;
  }
  try {
    kubectl(pulumiEnv(), "hub", ["get", "--raw", "/readyz", "--request-timeout=5s"]);
  } catch {
    return `the hub API server of ${SANDBOX} does not answer: ${howTo}`;
  }
  return undefined;
}

/**
 * `objects` objects: their Namespace, then objects as workload.ts makes them (Deployments,
 * Services, ConfigMaps, CRDs; 500-1500 bytes of payload each, so 1000 WECs' ManifestWorks stay
 * within the sandbox's etcd), the first of them templated with each WEC's `region`.
 */
export function scaleWorkload(objects: number): KubeObject[] {
  const r = rng(14);
  const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "scale-app" } };
  return [
    ns,
    ...Array.from({ length: objects - 1 }, (_, i) => {
      const o = makeObject(i, 500 + Math.floor(r() * 1000), i === 0);
      if (o.metadata.namespace !== undefined) o.metadata.namespace = "scale-app";
      return o;
    }),
  ];
}

/** The hub namespace of the fan-out's sets and Placements (WorkloadBinding's default). */
const FANOUT_NAMESPACE = "ksits-fanout";

/** ManifestWorks per WEC of the bench's workload: one bundle (PerWec); a shared and a templated set (HubFanOut). */
const worksPerWec = (delivery: Delivery) => (delivery === Delivery.HubFanOut ? 2 : 1);

/** Spec writes of the Pulumi process for one phase: ManifestWorks (PerWec) or sets and Placements (HubFanOut). */
type SpecSnapshot = Map<string, number>;

/** uid → generation of the fan-out's ManifestWorkReplicaSets and Placements. */
function fanOutSnapshot(env: Record<string, string>): SpecSnapshot {
  const out = kubectl(env, "hub", [
    "get",
    "manifestworkreplicasets,placements",
    "-n",
    FANOUT_NAMESPACE,
    "-o",
    `jsonpath={range .items[*]}{.metadata.uid}={.metadata.generation}{"\\n"}{end}`,
  ]);
  return new Map(
    out
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.split("=")[0]!, Number(l.split("=")[1])]),
  );
}

/** Creates + generation bumps + deletes between two snapshots. */
function specWritesBetween(before: SpecSnapshot, after: SpecSnapshot): number {
  let writes = 0;
  for (const [uid, gen] of after) writes += before.has(uid) ? gen - before.get(uid)! : 1;
  for (const uid of before.keys()) if (!after.has(uid)) writes++;
  return writes;
}

export interface ScaleRun {
  previewSeconds: number;
  upSeconds: number;
  noopUpSeconds: number;
  refreshSeconds: number;
  /** Seconds after `up` returned until every ManifestWork of the real WECs reported Applied. */
  realAppliedAfterUpSeconds: number;
  /** Seconds after `up` returned until the hub held every WEC's ManifestWorks. */
  hubHoldsAllAfterUpSeconds: number;
  stateBytes: number;
  /** The same checkpoint as compact JSON (the file backend indents it). */
  stateCompactBytes: number;
  rss: PeakRss;
  /** ManifestWork writes seen on the hub (by anyone: the library or the hub's controllers). */
  writes: { up: WriteCounts; noopUp: WriteCounts; refresh: WriteCounts };
  /** Spec writes made by the Pulumi process itself (ManifestWorks, or sets and Placements). */
  pulumiWrites: { up: number; noopUp: number; refresh: number };
}

export interface ScalePoint {
  delivery: Delivery;
  wecs: number;
  objects: number;
  runs: number;
  /** Bytes of the workload once (its objects as JSON). */
  workloadBytes: number;
  previewSeconds: Figure;
  upSeconds: Figure;
  noopUpSeconds: Figure;
  refreshSeconds: Figure;
  realAppliedAfterUpSeconds: Figure;
  hubHoldsAllAfterUpSeconds: Figure;
  stateBytes: Figure;
  stateBytesPerWec: number;
  /** (state bytes − workload bytes) / WECs: the issue's target is ≤ 2048. */
  stateOverWorkloadPerWec: number;
  stateCompactBytes: Figure;
  /** The same with the checkpoint as compact JSON. */
  stateCompactOverWorkloadPerWec: number;
  engineRssMiB: Figure;
  providersRssMiB: Figure;
  programRssMiB: Figure;
  /** ManifestWork creates + updates + deletes (status excluded) seen on the hub, per phase. */
  upWrites: Figure;
  noopUpWrites: Figure;
  refreshWrites: Figure;
  pulumiUpWrites: Figure;
  pulumiNoopUpWrites: Figure;
  pulumiRefreshWrites: Figure;
  loadAverage: { start: number; end: number };
  detail: ScaleRun[];
}

/** Issue 14 item 6: an `up` killed half way, then README "When an `up` is interrupted". */
export interface KilledRun {
  wecs: number;
  /** ManifestWorks on the hub when the pulumi process tree was killed, of `expected`. */
  worksAtKill: number;
  expected: number;
  /** Pending operations the killed up left in state. */
  pendingOperations: number;
  /** Seconds of `pulumi cancel` + `refresh --clear-pending-creates` + `up`. */
  recoverSeconds: number;
  /** After recovery: the binding's ManifestWorks on the hub, and those not owned by the stack's resource. */
  worksAfter: number;
  orphans: number;
  /** A no-op `up` right after: ManifestWork writes on the hub and by Pulumi. */
  noopUpWrites: number;
}

export interface ScaleResult {
  machine: { cpus: number };
  mailboxNamespaces: "created by the hub" | "created by the bench";
  rssMethod: string;
  points: ScalePoint[];
  ratios: { from: number; to: number; [figure: string]: number }[];
  killed?: KilledRun;
}

/** The file backend's checkpoint of `stack` under `state`. */
function stateFile(state: string, stack: string): string {
  const dir = join(state, ".pulumi", "stacks");
  const walk = (d: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        const found = walk(p);
        if (found !== undefined) return found;
      } else if (e.name === `${stack}.json`) return p;
    }
    return undefined;
  };
  const f = walk(dir);
  if (f === undefined) throw new Error(`no state file for ${stack} under ${dir}`);
  return f;
}

function clusterList(items: object[]): string {
  return JSON.stringify({ apiVersion: "v1", kind: "List", items });
}

/** Fake WECs: ManagedClusters accepted on the hub (no agent), labelled for the binding. */
export async function ensureFakes(
  env: Record<string, string>,
  count: number,
  log: (s: string) => void,
): Promise<"created by the hub" | "created by the bench"> {
  const names = Array.from({ length: count }, (_, i) => fakeName(i));
  if (names.length === 0) return "created by the hub";
  log(`  ${count} fake WECs: ManagedClusters with hubAcceptsClient: true …`);
  kubectl(
    env,
    "hub",
    ["apply", "-f", "-"],
    clusterList(
      names.map((name) => ({
        apiVersion: "cluster.open-cluster-management.io/v1",
        kind: "ManagedCluster",
        metadata: { name, labels: SELECTOR },
        spec: { hubAcceptsClient: true },
      })),
    ),
  );
  const missing = () => {
    const have = new Set(kubectl(env, "hub", ["get", "ns", "-o", "name"]).split("\n"));
    return names.filter((n) => !have.has(`namespace/${n}`));
  };
  const start = now();
  let left = missing();
  while (left.length > 0 && now() - start < 120_000) {
    await new Promise((r) => setTimeout(r, 1000));
    left = missing();
  }
  if (left.length === 0) return "created by the hub";
  log(`  the hub did not create ${left.length} mailbox namespaces in 120 s: the bench creates them`);
  kubectl(
    env,
    "hub",
    ["apply", "-f", "-"],
    clusterList(left.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }))),
  );
  return "created by the bench";
}

export async function deleteFakes(env: Record<string, string>, log: (s: string) => void): Promise<void> {
  log("  deleting the fake ManagedClusters and their namespaces …");
  kubectl(env, "hub", ["delete", "managedcluster", "-l", "ksits-bench=scale", "--wait=false"]);
  const start = now();
  while (
    kubectl(env, "hub", ["get", "managedcluster", "-l", "ksits-bench=scale", "-o", "name"]).trim() !== "" &&
    now() - start < 300_000
  ) {
    await new Promise((r) => setTimeout(r, 2000));
  }
  const left = kubectl(env, "hub", ["get", "ns", "-o", "name"])
    .split("\n")
    .filter((n) => n.startsWith("namespace/scale-wec-"));
  if (left.length > 0) kubectl(env, "hub", ["delete", "--wait=false", ...left]);
}

/** The binding's ManifestWorks in every mailbox on the hub, printed with kubectl's `-o output`. */
export function bindingWorks(env: Record<string, string>, output: string): string {
  return kubectl(env, "hub", [
    "get",
    "manifestwork",
    "-A",
    "-l",
    `${ORIGIN_BINDING_LABEL}=${BINDING}`,
    "-o",
    output,
  ]);
}

/** Resolves once every ManifestWork of the binding in the real WECs' mailboxes is Applied. */
async function realApplied(env: Record<string, string>, perWec: number, timeoutMs: number): Promise<number> {
  const start = now();
  for (;;) {
    // Only the real WECs' mailboxes: at 1000 WECs a fleet-wide list would be the load measured.
    const out = REAL_WECS.map((w) =>
      kubectl(env, "hub", [
        "get",
        "manifestwork",
        "-n",
        w,
        "-l",
        `${ORIGIN_BINDING_LABEL}=${BINDING}`,
        "-o",
        `jsonpath={range .items[*]}{.metadata.namespace}={.status.conditions[?(@.type=='Applied')].status}{"\\n"}{end}`,
      ]),
    ).join("");
    const rows = out
      .split("\n")
      .filter((l) => REAL_WECS.some((w) => l.startsWith(`${w}=`)))
      .map((l) => l.split("=")[1]);
    const seen = (w: string) => out.split("\n").filter((l) => l.startsWith(`${w}=`)).length;
    if (REAL_WECS.every((w) => seen(w) === perWec) && rows.every((s) => s === "True")) return now() - start;
    if (now() - start > timeoutMs)
      throw new Error(
        `the real WECs' ManifestWorks not Applied in ${timeoutMs / 1000}s: ${out.trim().replace(/\n/g, ", ")}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function worksGone(env: Record<string, string>, timeoutMs: number): Promise<void> {
  const start = now();
  const left = () => bindingWorks(env, "name").trim();
  while (left() !== "") {
    if (now() - start > timeoutMs)
      throw new Error(`the binding's ManifestWorks still exist ${timeoutMs / 1000}s after destroy`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = now();
  const r = await f();
  return [r, (now() - t) / 1000];
}

const total = (w: WriteCounts) => w.creates + w.updates + w.deletes;

/** Resolves once the hub holds `expected` ManifestWorks of the binding (seen by the tally's watch). */
async function hubHoldsAll(
  tally: ManifestWorkTally,
  mailboxes: readonly string[],
  expected: number,
  timeoutMs: number,
): Promise<number> {
  const start = now();
  const count = () => Object.values(tally.worksPerWec("ours", mailboxes)).reduce((a, b) => a + b, 0);
  while (count() < expected) {
    if (now() - start > timeoutMs)
      throw new Error(`the hub holds ${count()} of ${expected} ManifestWorks ${timeoutMs / 1000}s after up`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return now() - start;
}

/** The measured program: one WorkloadBinding over `names`, each WEC with its own region. */
export function bindingProgram(
  hubKc: string,
  names: readonly string[],
  workload: KubeObject[],
  delivery: Delivery = Delivery.PerWec,
): () => Promise<void> {
  return async () => {
    new WorkloadBinding(BINDING, {
      itsKubeconfig: hubKc,
      delivery,
      clusters: names.map((name, i) => ({
        name,
        labels: SELECTOR,
        properties: { region: REGIONS[i % REGIONS.length]! },
      })),
      clusterSelectors: [{ matchLabels: SELECTOR }],
      workloads: workload,
    });
    return Promise.resolve();
  };
}

export interface PreviewPoint {
  wecs: number;
  runs: number;
  previewSeconds: Figure;
  engineRssMiB: Figure;
  providersRssMiB: Figure;
  programRssMiB: Figure;
  loadAverage: { start: number; end: number };
}

/**
 * Only `pulumi preview` of the same program at `wecs` WECs (no ManagedClusters, nothing
 * written): for a WEC count whose full run (up, no-op up, refresh, destroy) does not fit the
 * time or memory at hand. A preview of creates reads nothing from the hub per WEC.
 */
export async function previewAtScale(
  wecs: number,
  objects: number,
  runs: number,
  log = console.log,
): Promise<PreviewPoint> {
  const env = pulumiEnv();
  const hubKc = readFileSync(kubeconfigFile("hub"), "utf8");
  const names = [...REAL_WECS, ...Array.from({ length: wecs - REAL_WECS.length }, (_, i) => fakeName(i))];
  const detail: { seconds: number; rss: PeakRss }[] = [];
  const loadStart = loadavg()[0]!;
  for (let i = 1; i <= runs; i++) {
    const state = mkdtempSync(join(tmpdir(), "ksits-scale-preview-"));
    const sampler = new ProcessTreeSampler();
    try {
      const stack = await stackFor(
        `scale-preview-${wecs}`,
        bindingProgram(hubKc, names, scaleWorkload(objects)),
        env,
        state,
      );
      sampler.start();
      const [, seconds] = await timed(() => stack.preview());
      const rss = sampler.stop();
      detail.push({ seconds, rss });
      log(
        `  ${wecs} WECs preview ${i}/${runs}: ${seconds.toFixed(1)} s; peak RSS engine ${rss.engineMiB.toFixed(0)} / providers ${rss.providersMiB.toFixed(0)} / program ${rss.programMiB.toFixed(0)} MiB`,
      );
      await stack.workspace.removeStack(`scale-preview-${wecs}`);
    } finally {
      sampler.stop();
      rmSync(state, { recursive: true, force: true });
    }
  }
  return {
    wecs,
    runs,
    previewSeconds: figure(detail.map((d) => d.seconds)),
    engineRssMiB: figure(detail.map((d) => d.rss.engineMiB)),
    providersRssMiB: figure(detail.map((d) => d.rss.providersMiB)),
    programRssMiB: figure(detail.map((d) => d.rss.programMiB)),
    loadAverage: { start: loadStart, end: loadavg()[0]! },
  };
}

async function oneRun(
  env: Record<string, string>,
  hubKc: string,
  wecs: number,
  workload: KubeObject[],
  delivery: Delivery,
  tally: ManifestWorkTally,
  label: string,
  log: (s: string) => void,
): Promise<ScaleRun> {
  const state = mkdtempSync(join(tmpdir(), "ksits-scale-"));
  const stackName = `scale-${delivery === Delivery.HubFanOut ? "fanout" : "perwec"}-${wecs}`;
  const names = [...REAL_WECS, ...Array.from({ length: wecs - REAL_WECS.length }, (_, i) => fakeName(i))];
  let stack: Stack | undefined;
  const sampler = new ProcessTreeSampler();
  try {
    stack = await stackFor(stackName, bindingProgram(hubKc, names, workload, delivery), env, state);
    const fanOut = delivery === Delivery.HubFanOut;
    // What the Pulumi process itself writes: the sets and Placements, or the ManifestWorks.
    const pulumiSnapshot = () => (fanOut ? fanOutSnapshot(env) : new Map<string, number>());
    const pulumiWritesSince = (b: SpecSnapshot, hub: WriteCounts) =>
      fanOut ? specWritesBetween(b, pulumiSnapshot()) : total(hub);
    sampler.start();
    const [, previewSeconds] = await timed(() => stack!.preview());
    // Each phase: its wall time, then the writes seen on the hub once it settled, and the Pulumi
    // process's own (the works themselves, or the fan-out's sets and Placements).
    const phase = async <T>(step: () => Promise<T>, afterStep: () => Promise<unknown> = async () => {}) => {
      const before = tally.snapshot("ours");
      const pBefore = pulumiSnapshot();
      const [, seconds] = await timed(step);
      await afterStep();
      await tally.settle(3000, 120_000);
      const hub = writesBetween(before, tally.snapshot("ours"));
      return { seconds, hub, pulumi: pulumiWritesSince(pBefore, hub) };
    };
    let realAppliedAfterUpSeconds = 0;
    let hubHoldsAllAfterUpSeconds = 0;
    const upPhase = await phase(
      () => stack!.up(),
      async () => {
        const upDone = now();
        realAppliedAfterUpSeconds = (await realApplied(env, worksPerWec(delivery), 600_000)) / 1000;
        await hubHoldsAll(tally, names, wecs * worksPerWec(delivery), 600_000);
        hubHoldsAllAfterUpSeconds = (now() - upDone) / 1000;
      },
    );
    const noopPhase = await phase(() => stack!.up());
    const refreshPhase = await phase(() => stack!.refresh());
    const rss = sampler.stop();
    const checkpoint = stateFile(state, stackName);
    const stateBytes = statSync(checkpoint).size;
    const checkpointText = readFileSync(checkpoint, "utf8");
    const stateCompactBytes = Buffer.byteLength(JSON.stringify(JSON.parse(checkpointText)));
    const stateParts = stateBreakdown(checkpointText);
    const r: ScaleRun = {
      previewSeconds,
      upSeconds: upPhase.seconds,
      noopUpSeconds: noopPhase.seconds,
      refreshSeconds: refreshPhase.seconds,
      realAppliedAfterUpSeconds,
      hubHoldsAllAfterUpSeconds,
      stateBytes,
      stateCompactBytes,
      rss,
      writes: { up: upPhase.hub, noopUp: noopPhase.hub, refresh: refreshPhase.hub },
      pulumiWrites: { up: upPhase.pulumi, noopUp: noopPhase.pulumi, refresh: refreshPhase.pulumi },
    };
    log(
      `  ${label}: preview ${previewSeconds.toFixed(1)} s, up ${r.upSeconds.toFixed(1)} s (real WECs Applied ${realAppliedAfterUpSeconds.toFixed(1)} s later, hub holds every work ${hubHoldsAllAfterUpSeconds.toFixed(1)} s later), no-op up ${r.noopUpSeconds.toFixed(1)} s, refresh ${r.refreshSeconds.toFixed(1)} s; state ${(stateBytes / 1024).toFixed(0)} KiB (${(stateCompactBytes / 1024).toFixed(0)} KiB compact); peak RSS engine ${rss.engineMiB.toFixed(0)} / providers ${rss.providersMiB.toFixed(0)} / program ${rss.programMiB.toFixed(0)} MiB; ManifestWork writes on the hub up ${total(r.writes.up)}, no-op up ${total(r.writes.noopUp)}, refresh ${total(r.writes.refresh)}; by Pulumi up ${r.pulumiWrites.up}, no-op up ${r.pulumiWrites.noopUp}, refresh ${r.pulumiWrites.refresh}`,
    );
    log(
      `    state parts: ${stateParts
        .slice(0, 8)
        .map((p) => `${p.part} ${(p.bytes / 1024).toFixed(1)} KiB`)
        .join("; ")}`,
    );
    return r;
  } finally {
    sampler.stop();
    if (stack !== undefined) {
      await stack.destroy();
      await stack.workspace.removeStack(stackName);
      // The real WECs' works go only when their agents have removed what they applied; the
      // next run must not find them still terminating.
      await worksGone(env, 300_000);
    }
    rmSync(state, { recursive: true, force: true });
  }
}

/** The owner label of each of the binding's ManifestWorks on the hub, by `<namespace>/<name>`. */
function workOwners(env: Record<string, string>): Map<string, string> {
  const out = kubectl(env, "hub", [
    "get",
    "manifestwork",
    "-A",
    "-l",
    `${ORIGIN_BINDING_LABEL}=${BINDING}`,
    "-o",
    `jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}={.metadata.labels.its\\.kubestellar\\.io/owner}{"\\n"}{end}`,
  ]);
  return new Map(
    out
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.split("=")[0]!, l.split("=")[1] ?? ""]),
  );
}

/**
 * Kills the `pulumi` process tree half way through an `up` at `wecs` WECs (PerWec: once half the
 * ManifestWorks are on the hub; HubFanOut: once its first set is), then follows README "When an
 * `up` is interrupted" (`cancel`, `refresh --clear-pending-creates`, `up`) and counts what is left.
 */
async function killedRun(
  env: Record<string, string>,
  hubKc: string,
  wecs: number,
  workload: KubeObject[],
  delivery: Delivery,
  tally: ManifestWorkTally,
  log: (s: string) => void,
): Promise<KilledRun> {
  const state = mkdtempSync(join(tmpdir(), "ksits-scale-killed-"));
  const stackName = `scale-killed-${delivery === Delivery.HubFanOut ? "fanout" : "perwec"}-${wecs}`;
  const names = [...REAL_WECS, ...Array.from({ length: wecs - REAL_WECS.length }, (_, i) => fakeName(i))];
  const expected = wecs * worksPerWec(delivery);
  const count = () => Object.values(tally.worksPerWec("ours", names)).reduce((a, b) => a + b, 0);
  const stack = await stackFor(stackName, bindingProgram(hubKc, names, workload, delivery), env, state);
  try {
    const up = stack.up().catch((e: unknown) => e as Error);
    const start = now();
    const halfWay = () =>
      delivery === Delivery.HubFanOut ? fanOutSnapshot(env).size > 0 : count() >= expected / 2;
    while (!halfWay() && now() - start < 600_000) await new Promise((r) => setTimeout(r, 200));
    const worksAtKill = count();
    killPulumiTree(`--stack ${stackName}`);
    await up;
    await stack.cancel();
    const pendingOperations = ((await stack.exportStack()).deployment.pending_operations ?? []).length;
    const t = now();
    await stack.refresh({ clearPendingCreates: true });
    await stack.up();
    const recoverSeconds = (now() - t) / 1000;
    await hubHoldsAll(tally, names, expected, 600_000);
    await tally.settle(3000, 120_000);
    const owners = workOwners(env);
    // Every work must belong to the one resource that now owns the binding's works, once per WEC
    // and set: any other owner, or more works than expected, is an orphan.
    const byOwner = new Map<string, number>();
    for (const o of owners.values()) byOwner.set(o, (byOwner.get(o) ?? 0) + 1);
    const main = Math.max(0, ...byOwner.values());
    const orphans = owners.size - main + Math.max(0, main - expected);
    const before = tally.snapshot("ours");
    const pBefore = delivery === Delivery.HubFanOut ? fanOutSnapshot(env) : new Map<string, number>();
    await stack.up();
    await tally.settle(3000, 120_000);
    const hubWrites = total(writesBetween(before, tally.snapshot("ours")));
    const noopUpWrites =
      hubWrites + (delivery === Delivery.HubFanOut ? specWritesBetween(pBefore, fanOutSnapshot(env)) : 0);
    const r: KilledRun = {
      wecs,
      worksAtKill,
      expected,
      pendingOperations,
      recoverSeconds,
      worksAfter: owners.size,
      orphans,
      noopUpWrites,
    };
    log(
      `  ${delivery} ${wecs} WECs, up killed with ${worksAtKill}/${expected} ManifestWorks on the hub (${pendingOperations} pending operations): cancel + refresh --clear-pending-creates + up ${recoverSeconds.toFixed(1)} s; then ${owners.size} works, ${orphans} orphans; a no-op up writes ${noopUpWrites}`,
    );
    return r;
  } finally {
    await stack.destroy();
    await stack.workspace.removeStack(stackName);
    await worksGone(env, 600_000);
    rmSync(state, { recursive: true, force: true });
  }
}

/**
 * Issue 14 item 1: one `WorkloadBinding` of `objects` objects selecting every one of `wecs`
 * WECs (the sandbox's two real WECs plus ManagedClusters accepted on the hub without agents),
 * through the real engine and the file backend: preview, up, no-op up and refresh wall times,
 * peak RSS of engine, providers and program, state bytes, and ManifestWork writes seen by a
 * watch on the hub. `runsFor(n)` runs per WEC count; figures are medians with min and max.
 */
export async function scaleCurve(
  wecCounts: readonly number[],
  objects: number,
  runsFor: (wecs: number) => number,
  delivery: Delivery = Delivery.PerWec,
  log = console.log,
): Promise<ScaleResult> {
  const env = pulumiEnv();
  const hubKc = readFileSync(kubeconfigFile("hub"), "utf8");
  const workload = scaleWorkload(objects);
  const workloadBytes = Buffer.byteLength(JSON.stringify(workload));
  const maxWecs = Math.max(...wecCounts);
  const mailboxes = [
    ...REAL_WECS,
    ...Array.from({ length: maxWecs - REAL_WECS.length }, (_, i) => fakeName(i)),
  ];
  const tally = new ManifestWorkTally(kubeconfigFile("hub"), mailboxes, (labels) =>
    labels[ORIGIN_BINDING_LABEL] === BINDING ? "ours" : undefined,
  );
  const setupState = mkdtempSync(join(tmpdir(), "ksits-scale-setup-"));
  let accept: Stack | undefined;
  let mailboxNamespaces: ScaleResult["mailboxNamespaces"] = "created by the hub";
  const points: ScalePoint[] = [];
  let killed: KilledRun | undefined;
  try {
    // The real WECs, accepted through the library once (not timed).
    accept = await stackFor(
      "scale-accept",
      async () => {
        const its = new InventoryTransportSpace("its", { type: "external", kubeconfig: hubKc });
        REAL_WECS.forEach(
          (w) =>
            // Labelled on the hub too: a fan-out's shared Placement selects by the hub's labels.
            new WorkloadExecutionCluster(
              w,
              {
                itsKubeconfig: hubKc,
                clusterName: w,
                labels: SELECTOR,
                // The sandbox's real WECs join with identities of their own; the others have no agent.
                joinIdentity: REAL_WECS.includes(w) ? sandboxJoinIdentity(w) : undefined,
              },
              { dependsOn: [its] },
            ),
        );
        return Promise.resolve();
      },
      env,
      setupState,
    );
    log("  setup: accepting the real WECs …");
    await accept.up();
    await tally.start();
    for (const wecs of wecCounts) {
      if ((await ensureFakes(env, wecs - REAL_WECS.length, log)) === "created by the bench")
        mailboxNamespaces = "created by the bench";
      const runs = runsFor(wecs);
      const detail: ScaleRun[] = [];
      const loadStart = loadavg()[0]!;
      for (let i = 1; i <= runs; i++) {
        detail.push(
          await oneRun(
            env,
            hubKc,
            wecs,
            workload,
            delivery,
            tally,
            `${delivery} ${wecs} WECs run ${i}/${runs}`,
            log,
          ),
        );
      }
      const f = (pick: (r: ScaleRun) => number) => figure(detail.map(pick));
      const stateBytes = f((r) => r.stateBytes);
      points.push({
        delivery,
        wecs,
        objects,
        runs,
        workloadBytes,
        previewSeconds: f((r) => r.previewSeconds),
        upSeconds: f((r) => r.upSeconds),
        noopUpSeconds: f((r) => r.noopUpSeconds),
        refreshSeconds: f((r) => r.refreshSeconds),
        realAppliedAfterUpSeconds: f((r) => r.realAppliedAfterUpSeconds),
        hubHoldsAllAfterUpSeconds: f((r) => r.hubHoldsAllAfterUpSeconds),
        stateBytes,
        stateBytesPerWec: stateBytes.median / wecs,
        stateOverWorkloadPerWec: (stateBytes.median - workloadBytes) / wecs,
        stateCompactBytes: f((r) => r.stateCompactBytes),
        stateCompactOverWorkloadPerWec: (f((r) => r.stateCompactBytes).median - workloadBytes) / wecs,
        engineRssMiB: f((r) => r.rss.engineMiB),
        providersRssMiB: f((r) => r.rss.providersMiB),
        programRssMiB: f((r) => r.rss.programMiB),
        upWrites: f((r) => total(r.writes.up)),
        noopUpWrites: f((r) => total(r.writes.noopUp)),
        refreshWrites: f((r) => total(r.writes.refresh)),
        pulumiUpWrites: f((r) => r.pulumiWrites.up),
        pulumiNoopUpWrites: f((r) => r.pulumiWrites.noopUp),
        pulumiRefreshWrites: f((r) => r.pulumiWrites.refresh),
        loadAverage: { start: loadStart, end: loadavg()[0]! },
        detail,
      });
    }
    // Item 6: an up killed half way at the largest WEC count recovers with the README recipe.
    if (process.env.KSITS_BENCH_SCALE_KILL !== "0" && wecCounts.length > 0)
      killed = await killedRun(env, hubKc, maxWecs, workload, delivery, tally, log);
  } finally {
    tally.stop();
    await deleteFakes(env, log);
    if (accept !== undefined) {
      await accept.destroy();
      await accept.workspace.removeStack("scale-accept");
    }
    rmSync(setupState, { recursive: true, force: true });
  }
  const ratios = points.slice(1).map((p, i) => {
    const q = points[i]!;
    const r = (pick: (x: ScalePoint) => number) => pick(p) / pick(q);
    return {
      from: q.wecs,
      to: p.wecs,
      wecs: p.wecs / q.wecs,
      preview: r((x) => x.previewSeconds.median),
      up: r((x) => x.upSeconds.median),
      noopUp: r((x) => x.noopUpSeconds.median),
      refresh: r((x) => x.refreshSeconds.median),
      stateBytes: r((x) => x.stateBytes.median),
      engineRss: r((x) => x.engineRssMiB.median),
      providersRss: r((x) => x.providersRssMiB.median),
      programRss: r((x) => x.programRssMiB.median),
      upWrites: r((x) => x.upWrites.median),
    };
  });
  return {
    machine: { cpus: cpus().length },
    mailboxNamespaces,
    rssMethod:
      "peak VmRSS sampled every 250 ms from /proc over the bench's process tree: the `pulumi` CLI (engine), its other descendants (the dynamic-provider host), and the bench's own Node.js process, which runs the inline program (a lower bound on the true peaks)",
    points,
    ratios,
    ...(killed === undefined ? {} : { killed }),
  };
}
