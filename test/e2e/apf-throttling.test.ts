import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import type { KubeconfigCluster } from "../../src/kube/kubeconfig";
import { buildTokenKubeconfig, kubeconfigCluster, ORIGIN_BINDING_LABEL } from "../../src/kube";
import { Delivery } from "../../src/transport";
import { eventually, getJson, inlineStack, kubeconfigPath, kubectl, pulumiEnv } from "../support/sandbox";

/**
 * Issue 25: a hub throttled by the real kube-apiserver's API Priority and Fairness. The library
 * talks to the hub as a ServiceAccount whose FlowSchema puts it on a priority level of ONE seat
 * and one queue of four, and a background writer (another ServiceAccount, on the same level)
 * keeps that seat busy for the whole `up`. An `up` of 100 WECs with per-WEC delivery, and one
 * with hub fan-out, must each complete on the first run, the library retrying the 429s (honouring
 * `Retry-After`), and leave exactly the expected objects. The hub's own counts of the library's
 * rejected requests (PerWec: above zero) and of those it held in the queue (HubFanOut, whose
 * few requests are rejected only sometimes: held back at all) prove the run was throttled; they
 * are printed with the retries the library logged.
 *
 * The sandbox's admin kubeconfig is in system:masters, which APF exempts: only the test's setup
 * and checks use it. `KSITS_RETRY_ATTEMPTS=1` in the environment of `vitest` reaches the stack
 * (pulumiEnv) and turns the library's retries off: the `up`s then fail, as they must.
 */
const WECS = 100;
/** WECs share a zone ten by ten: ten templated groups under HubFanOut, ten distinct dry-runs. */
const ZONES = 10;
const NS = "ksits-apf";
const LEVEL = "ksits-apf";
/**
 * One FlowSchema per identity, both on LEVEL: they compete for the same seat and queue, and the
 * server's rejection counter (labelled by FlowSchema) is the library's alone.
 */
const LIBRARY_FLOW = "ksits-apf-library";
const WRITER_FLOW = "ksits-apf-writer";
/** Lends all its seats and takes no requests: it only dilutes the shares so LEVEL gets one seat. */
const BALLAST = "ksits-apf-ballast";
const QUEUE_LENGTH = 4;
/**
 * The writer's requests in flight: the seat always busy and two of the four queue places taken,
 * so the library's requests wait behind the writer's and any burst of more than two of them is
 * rejected. Five (seat + queue) would starve every other client of a one-queue level, which no
 * client survives; that is not throttling.
 */
const WRITERS = 3;
const FAKE_LABEL = { "ksits-e2e": "apf" };
const fakeName = (i: number) => `apf-wec-${String(i).padStart(3, "0")}`;
const NAMES = Array.from({ length: WECS }, (_, i) => fakeName(i));
const zoneOf = (i: number) => `zone-${i % ZONES}`;
const FANOUT_NS = "ksits-fanout";
const METRIC_REJECTED = "apiserver_flowcontrol_rejected_requests_total";
const METRIC_DISPATCHED = "apiserver_flowcontrol_dispatched_requests_total";
const METRIC_SEATS = "apiserver_flowcontrol_nominal_limit_seats";
/** A time-weighted sampler of the level's seats in use, as a fraction of its limit. */
const METRIC_BUSY = "apiserver_flowcontrol_priority_level_request_utilization";
/** How long each request waited in the queue before it was served (a histogram). */
const METRIC_WAIT = "apiserver_flowcontrol_request_wait_duration_seconds";

let env: Record<string, string>;
let dir: string;
let hub: KubeconfigCluster;
let libraryToken: string;
let writerToken: string;
let libraryKubeconfig: string;
const stacks: Stack[] = [];

/** The hub's kube-apiserver metrics, read as the exempt admin (never throttled). */
function metrics(): string {
  // A few MiB: more than execFileSync's default buffer.
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath("hub"), "get", "--raw", "/metrics"], {
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Sum of the samples of `name` whose labels include `labels`. */
function metricSum(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf("}");
    const got = new Map(
      [...line.slice(name.length + 1, close).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => got.get(k) === v)) sum += Number(line.slice(close + 1));
  }
  return sum;
}

function apply(items: object[]): void {
  kubectl(
    env,
    "hub",
    ["apply", "--server-side", "--force-conflicts", "--field-manager", "ksits-e2e-apf", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "List", items }),
  );
}

/** Every request of one ServiceAccount goes to LEVEL. */
function flowSchema(name: string, precedence: number, serviceAccount: string): object {
  return {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1",
    kind: "FlowSchema",
    metadata: { name },
    spec: {
      priorityLevelConfiguration: { name: LEVEL },
      matchingPrecedence: precedence,
      distinguisherMethod: { type: "ByUser" },
      rules: [
        {
          subjects: [{ kind: "ServiceAccount", serviceAccount: { name: serviceAccount, namespace: NS } }],
          resourceRules: [
            { verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true },
          ],
          nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
        },
      ],
    },
  };
}

/**
 * The shares of a ballast level that make LEVEL's one share worth one seat. A level's seats are
 * ceil(server limit × its shares / all levels' shares); the smallest share is 1 (0 gives no seat
 * at all), worth 3 seats among the default levels' 245 shares at the default limit of 600
 * (400 + 200 in flight). The sum of the levels' seats now bounds the limit from above.
 */
function ballastShares(): number {
  const limit = metricSum(metrics(), METRIC_SEATS, {});
  const levels = getJson(env, "hub", ["prioritylevelconfigurations"]).items as {
    metadata: { name: string };
    spec: { limited?: { nominalConcurrencyShares?: number } };
  }[];
  const others = levels
    .filter((l) => l.metadata.name !== LEVEL && l.metadata.name !== BALLAST)
    .reduce((a, l) => a + (l.spec.limited?.nominalConcurrencyShares ?? 0), 0);
  return Math.max(0, limit - others - 1);
}

function setUpApf(): void {
  apply([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "library", namespace: NS } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "writer", namespace: NS } },
    {
      // A hub admin, but not in system:masters: APF classifies its requests.
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: LIBRARY_FLOW },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "library", namespace: NS }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "writer", namespace: NS },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      subjects: [{ kind: "ServiceAccount", name: "writer", namespace: NS }],
    },
    ...Array.from({ length: WRITERS }, (_, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `load-${i}`, namespace: NS },
      data: { n: "0" },
    })),
    {
      apiVersion: "flowcontrol.apiserver.k8s.io/v1",
      kind: "PriorityLevelConfiguration",
      metadata: { name: LEVEL },
      spec: {
        type: "Limited",
        limited: {
          nominalConcurrencyShares: 1,
          // Neither lends nor borrows: one seat, whatever the other levels do.
          lendablePercent: 0,
          borrowingLimitPercent: 0,
          limitResponse: {
            type: "Queue",
            queuing: { queues: 1, handSize: 1, queueLengthLimit: QUEUE_LENGTH },
          },
        },
      },
    },
    {
      apiVersion: "flowcontrol.apiserver.k8s.io/v1",
      kind: "PriorityLevelConfiguration",
      metadata: { name: BALLAST },
      spec: {
        type: "Limited",
        limited: {
          nominalConcurrencyShares: ballastShares(),
          // The other levels may borrow all of it: the hub's capacity for them is unchanged.
          lendablePercent: 100,
          limitResponse: { type: "Reject" },
        },
      },
    },
    flowSchema(WRITER_FLOW, 11, "writer"),
  ]);
}

function tearDownApf(): void {
  for (const args of [
    ["flowschema", LIBRARY_FLOW, WRITER_FLOW],
    ["prioritylevelconfiguration", LEVEL, BALLAST],
    ["clusterrolebinding", LIBRARY_FLOW],
    ["namespace", NS],
  ])
    kubectl(env, "hub", ["delete", ...args, "--ignore-not-found", "--wait=false"]);
}

/**
 * Fake WECs: their mailbox namespaces, then accepted ManagedClusters (no agents). The hub creates
 * a mailbox too when it accepts a cluster: namespaces first, and server-side apply, so that race
 * cannot fail a create.
 */
function createFakes(): void {
  apply(
    NAMES.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: FAKE_LABEL } })),
  );
  apply(
    NAMES.map((name) => ({
      apiVersion: "cluster.open-cluster-management.io/v1",
      kind: "ManagedCluster",
      metadata: { name, labels: FAKE_LABEL },
      spec: { hubAcceptsClient: true },
    })),
  );
}

/** This test's namespaces that exist (terminating, after an earlier run). */
function leftovers(): string[] {
  return kubectl(env, "hub", ["get", "namespace", "-o", "name"])
    .split("\n")
    .filter((n) => n === `namespace/${NS}` || n.startsWith("namespace/apf-wec-"));
}

function deleteFakes(): void {
  // By name: the hub may have created a mailbox without the test's label.
  for (const kind of ["managedcluster", "namespace"])
    kubectl(env, "hub", ["delete", kind, ...NAMES, "--ignore-not-found", "--wait=false"]);
}

/** One request to the hub as a ServiceAccount (raw https: the writer is no client of the library). */
function hubRequest(
  agent: Agent,
  bearer: string,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const server = new URL(hub.server);
  return new Promise((resolve) => {
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/merge-patch+json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on("error", () => resolve({ status: 0, headers: {} }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function hubAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, ca: Buffer.from(hub.caData ?? "", "base64"), maxSockets });
}

/**
 * The background writer: WRITERS loops, each PATCHing its own ConfigMap back to back, on LEVEL.
 * It honours `Retry-After` as client-go does, so it keeps the seat busy without hammering the
 * level with rejected requests of its own (APF lengthens `Retry-After` with the rejection rate).
 */
class BackgroundWriter {
  readonly counts = { ok: 0, rejected: 0, failed: 0 };
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly agent = hubAgent(WRITERS);

  start(): this {
    for (let i = 0; i < WRITERS; i++) this.loops.push(this.loop(i));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.agent.destroy();
  }

  private async loop(i: number): Promise<void> {
    for (let n = 1; !this.stopped; n++) {
      const { status, headers } = await hubRequest(
        this.agent,
        writerToken,
        "PATCH",
        `/api/v1/namespaces/${NS}/configmaps/load-${i}`,
        { data: { n: `${n}` } },
      );
      if (status === 200) {
        this.counts.ok++;
        continue;
      }
      if (status === 429) this.counts.rejected++;
      else this.counts.failed++;
      await sleep(1000 * (status === 429 ? Number(headers["retry-after"] ?? 1) : 1));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The library's retry lines among the engine's diagnostics: a provider logs one line per five
 * seconds at most, counting the retries it did not show in its next line (those after its last
 * line are never shown, so this is a lower bound).
 */
function loggedRetries(messages: readonly string[]): {
  shown: string[];
  lines: number;
  retries: number;
  lines429: number;
} {
  const lines = messages
    .flatMap((m) => m.split("\n"))
    .filter((l) => l.includes("[kubestellar-its] retrying"));
  return {
    shown: lines.map((l) => l.trim()),
    lines: lines.length,
    retries: lines.reduce((a, l) => a + 1 + Number(/\(and (\d+) more retr/.exec(l)?.[1] ?? 0), 0),
    lines429: lines.filter((l) => l.includes("HTTP 429")).length,
  };
}

async function newStack(name: string, program: () => void): Promise<Stack> {
  mkdirSync(join(dir, name));
  const stack = await inlineStack(
    env,
    { project: "ksits-apf", stack: name, stateDir: join(dir, name) },
    program,
  );
  stacks.push(stack);
  return stack;
}

/** Destroys a stack of this file; afterAll then has nothing left to do for it. */
async function destroy(stack: Stack): Promise<void> {
  expect((await stack.destroy()).summary.result).toBe("succeeded");
  stacks.splice(stacks.indexOf(stack), 1);
}

interface ThrottledRun {
  seconds: number;
  /** The hub's count of the library's requests it answered 429, and of those it served. */
  rejected: number;
  dispatched: number;
  /** Of those served, the ones that waited in the queue behind the writer for more than 5 ms. */
  queued: number;
  /** The share of the up during which the seat was in use (by the writer or the library). */
  busy: number;
  logged: ReturnType<typeof loggedRetries>;
  writer: BackgroundWriter["counts"];
}

/**
 * One `up` with the library's FlowSchema in place and the writer running throughout; the hub's
 * counters of that FlowSchema are read before and after. The FlowSchema goes again afterwards,
 * so that `destroy` and the checks are not throttled (only the `up` is under test).
 */
async function throttledUp(stack: Stack, label: string): Promise<ThrottledRun> {
  apply([flowSchema(LIBRARY_FLOW, 10, "library")]);
  const uid = getJson(env, "hub", ["flowschema", LIBRARY_FLOW]).metadata.uid as string;
  // APF takes a new FlowSchema in a moment: the hub names the one it classified a request by.
  const probe = hubAgent(1);
  try {
    for (let waited = 0; ; waited += 200) {
      const { headers } = await hubRequest(probe, libraryToken, "GET", "/version");
      if (headers["x-kubernetes-pf-flowschema-uid"] === uid) break;
      if (waited > 30_000) throw new Error(`the library's requests are not classified by ${LIBRARY_FLOW}`);
      await sleep(200);
    }
  } finally {
    probe.destroy();
  }
  const flow = { flow_schema: LIBRARY_FLOW };
  const before = metrics();
  const writer = new BackgroundWriter().start();
  const diagnostics: string[] = [];
  const output: string[] = [];
  const start = Date.now();
  try {
    const up = await stack.up({
      onOutput: (o) => output.push(o),
      onEvent: (e) => {
        if (e.diagnosticEvent !== undefined) diagnostics.push(e.diagnosticEvent.message);
      },
    });
    expect(up.summary.result).toBe("succeeded");
  } catch (e) {
    console.log(`[apf] ${label}: the up failed; the end of its output:\n${output.join("").slice(-5000)}`);
    throw e;
  } finally {
    await writer.stop();
    kubectl(env, "hub", ["delete", "flowschema", LIBRARY_FLOW, "--ignore-not-found"]);
  }
  const seconds = (Date.now() - start) / 1000;
  const after = metrics();
  const delta = (name: string) => metricSum(after, name, flow) - metricSum(before, name, flow);
  const served = (name: string, more: Record<string, string>) => {
    const labels = { ...flow, execute: "true", ...more };
    return metricSum(after, name, labels) - metricSum(before, name, labels);
  };
  const executing = { phase: "executing", priority_level: LEVEL };
  const sampled = (name: string) => metricSum(after, name, executing) - metricSum(before, name, executing);
  return {
    seconds,
    rejected: delta(METRIC_REJECTED),
    dispatched: delta(METRIC_DISPATCHED),
    queued: served(`${METRIC_WAIT}_count`, {}) - served(`${METRIC_WAIT}_bucket`, { le: "0.005" }),
    busy: sampled(`${METRIC_BUSY}_sum`) / sampled(`${METRIC_BUSY}_count`),
    logged: loggedRetries(diagnostics),
    writer: writer.counts,
  };
}

function report(label: string, run: ThrottledRun, found: string): void {
  console.log(
    `[apf] ${label} ${WECS} WECs: up ${run.seconds.toFixed(0)} s, 429s: server rejected ${run.rejected} (FlowSchema ${LIBRARY_FLOW}, ${run.dispatched} served, ${run.queued} of them after waiting in the queue), library absorbed them, logging ${run.logged.retries} retries in ${run.logged.lines} lines; seat busy ${(100 * run.busy).toFixed(0)}% of the up, writer ${run.writer.ok} writes, ${run.writer.rejected} rejected; ${found}`,
  );
  // What the library said, Retry-After included: the lines a user of a throttled hub sees.
  for (const line of run.logged.shown) console.log(`[apf]   ${line}`);
}

/** The workload: a Namespace and a ConfigMap naming the WEC's zone (a template). */
const WORKLOADS = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "apf-app" } },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "zone",
      namespace: "apf-app",
      annotations: { "control.kubestellar.io/expand-templates": "true" },
    },
    data: { zone: "{{ .zone }}" },
  },
];

function binding(name: string, delivery: Delivery): () => void {
  return () => {
    new WorkloadBinding(name, {
      itsKubeconfig: pulumi.secret(libraryKubeconfig),
      delivery,
      clusters: NAMES.map((wec, i) => ({ name: wec, labels: FAKE_LABEL, properties: { zone: zoneOf(i) } })),
      clusterSelectors: [{ matchLabels: FAKE_LABEL }],
      workloads: WORKLOADS,
    });
  };
}

interface Work {
  metadata: { name: string; namespace: string };
  spec: { workload: { manifests: { kind: string; data?: { zone?: string } }[] } };
}

function works(selector: string): Work[] {
  return (getJson(env, "hub", ["manifestwork", "-A", "-l", selector]).items ?? []) as Work[];
}

/** The zone the ConfigMap of a ManifestWork carries, if it has that ConfigMap. */
function zoneIn(work: Work): string | undefined {
  return work.spec.workload.manifests.find((m) => m.kind === "ConfigMap")?.data?.zone;
}

beforeAll(async () => {
  // The providers run from the build (`npm run build`, done before the e2e tier in CI): not
  // rebuilt here, where it would pull bin/ from under anything else using it.
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-apf-"));
  hub = kubeconfigCluster(readFileSync(kubeconfigPath("hub"), "utf8"));
  // What an interrupted run left goes first; a previous run's namespaces may still be terminating
  // (the hub deletes 100 of them in a few minutes).
  deleteFakes();
  tearDownApf();
  await eventually(
    "the namespaces of an earlier run gone",
    () => leftovers().length === 0,
    300_000,
    () => leftovers().join(" "),
  );
  setUpApf();
  const seats = () => metricSum(metrics(), METRIC_SEATS, { priority_level: LEVEL });
  await eventually(
    `one seat for priority level ${LEVEL}`,
    () => seats() === 1,
    30_000,
    () =>
      metrics()
        .split("\n")
        .filter((l) => l.startsWith(`${METRIC_SEATS}{`))
        .join("\n"),
  );
  console.log(
    `[apf] priority level ${LEVEL}: ${seats()} seat, 1 queue of ${QUEUE_LENGTH}; writer ${WRITERS} in flight`,
  );
  const token = (sa: string) =>
    kubectl(env, "hub", ["-n", NS, "create", "token", sa, "--duration", "1h"]).trim();
  libraryToken = token("library");
  writerToken = token("writer");
  libraryKubeconfig = buildTokenKubeconfig({ server: hub.server, caData: hub.caData, token: libraryToken });
  createFakes();
}, 600_000);

afterAll(async () => {
  try {
    for (const stack of stacks) await stack.destroy().catch(() => undefined);
  } finally {
    if (env !== undefined) {
      deleteFakes();
      tearDownApf();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}, 900_000);

it("PerWec: an up of 100 WECs completes on the first run under APF throttling", async () => {
  const stack = await newStack("perwec", binding("apf", Delivery.PerWec));
  const run = await throttledUp(stack, "PerWec");
  const selector = `${ORIGIN_BINDING_LABEL}=apf`;
  const found = works(selector);
  report("PerWec", run, `works expected ${WECS} found ${found.length}`);
  expect(run.rejected).toBeGreaterThan(0);
  expect(run.logged.lines429).toBeGreaterThan(0);
  // One ManifestWork in each WEC's mailbox, carrying that WEC's zone.
  expect(found.map((w) => `${w.metadata.namespace} ${zoneIn(w)}`).sort()).toEqual(
    NAMES.map((n, i) => `${n} ${zoneOf(i)}`),
  );
  await destroy(stack);
  expect(works(selector)).toEqual([]);
}, 900_000);

it("HubFanOut: an up of 100 WECs completes on the first run under APF throttling", async () => {
  const stack = await newStack("fanout", binding("apf-fan", Delivery.HubFanOut));
  const run = await throttledUp(stack, "HubFanOut");
  const names = (kind: string) =>
    ((getJson(env, "hub", [kind, "-n", FANOUT_NS]).items ?? []) as { metadata: { name: string } }[])
      .map((o) => o.metadata.name)
      .sort();
  // Group 0 is shared (placed by the selector); groups 1..ZONES are the zones' expansions.
  const groups = Array.from({ length: ZONES + 1 }, (_, g) => `apf-fan-f${g}`).sort();
  const placements = names("placement");
  const sets = names("manifestworkreplicaset");
  report("HubFanOut", run, `Placements ${placements.length} and sets ${sets.length}, expected ${ZONES + 1}`);
  // A fan-out up sends few requests (its writes one at a time): it is throttled by waiting in the
  // queue behind the writer, and rejected only when its dry-runs meet a full queue (0–8 times in
  // the runs measured). Either way the hub must have held it back, and every 429 is retried.
  expect(run.queued + run.rejected).toBeGreaterThan(0);
  if (run.rejected > 0) expect(run.logged.lines429).toBeGreaterThan(0);
  // The hub's controllers write every WEC's two ManifestWorks (shared, and its zone's) after up.
  const selector = "work.open-cluster-management.io/manifestworkreplicaset";
  await eventually(
    `the hub's ${2 * WECS} ManifestWorks`,
    () => works(selector).length === 2 * WECS,
    180_000,
    () => `${works(selector).length} ManifestWorks`,
  );
  const found = works(selector);
  console.log(`[apf] HubFanOut: works the hub wrote expected ${2 * WECS} found ${found.length}`);
  expect(placements).toEqual(groups);
  expect(sets).toEqual(groups.map((g) => `${g}-0`).sort());
  // Each WEC: the shared work, and its zone's work carrying its zone.
  const perWec = (wec: string) =>
    found
      .filter((w) => w.metadata.namespace === wec)
      .map((w) => (w.metadata.name === "apf-fan-f0-0" ? "shared" : zoneIn(w)))
      .sort();
  expect(NAMES.map((n) => `${n}: ${perWec(n).join(" ")}`)).toEqual(
    NAMES.map((n, i) => `${n}: shared ${zoneOf(i)}`),
  );
  await destroy(stack);
}, 900_000);
