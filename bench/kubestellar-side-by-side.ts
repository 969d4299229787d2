import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };

// client-node is an ES module; the benchmarks compile to CommonJS and load it with require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KubeConfig, KubernetesObjectApi } = require("@kubernetes/client-node") as typeof ClientNode;
import type { Stack } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { WorkloadBinding } from "../components/binding/workload-binding";
import { ClusterManager } from "../components/hub/cluster-manager";
import { InventoryTransportSpace } from "../components/its/inventory-transport-space";
import { WorkloadExecutionCluster } from "../components/wec/workload-execution-cluster";
import { ORIGIN_BINDING_LABEL, ORIGIN_WDS_LABEL } from "../src/kube";
import type { KubeObject } from "../src/transport/plan/objects";
import { sandboxJoinIdentity } from "../test/support/sandbox";
import { kubeconfigFile, kubectl, pulumiEnv, SANDBOX, stackFor } from "./engine";
import type { WriteCounts } from "./side-by-side-watch";
import { EditedObjectWatch, ManifestWorkTally, now, writesBetween } from "./side-by-side-watch";
import { bindingPolicy, EDITED, sideBySideWorkload, WEC_SELECTOR } from "./side-by-side-workload";
import type { Figure } from "./stats";
import { figure } from "./stats";

const run = promisify(execFile);
const ITS_NAME = process.env.KSITS_SANDBOX_ITS_NAME ?? "its1";
const WECS = { wec1: "eu-west-1", wec2: "us-east-1" } as const;
const WEC_NAMES = Object.keys(WECS);
/** Path A: our WorkloadBinding (its name is also its bundle set and its binding label value). */
const OURS = "sbs-ours";
/** Path B: the real KubeStellar (the BindingPolicy's name and the workload's namespace in the WDS). */
const KS = "sbs-ks";
const DELIVERY_TIMEOUT_MS = 300_000;

/** Why the side-by-side bench cannot run here, or undefined when the interop sandbox is up. */
export function interopSandboxProblem(): string | undefined {
  const howTo =
    "start the interop sandbox with `KSITS_SANDBOX_INTEROP=1 bash sandbox/up.sh` (with the KSITS_SANDBOX this run uses), then `npm run bench -- kubestellar`";
  for (const c of ["hosting", "wds", "hub", ...WEC_NAMES]) {
    if (!existsSync(kubeconfigFile(c))) return `no ${c} kubeconfig in ${SANDBOX}: ${howTo}`;
  }
  try {
    kubectl(pulumiEnv(), "wds", ["get", "--raw", "/readyz", "--request-timeout=5s"]);
  } catch {
    return `the WDS API server of ${SANDBOX} does not answer: ${howTo}`;
  }
  return undefined;
}

export interface PathFigures {
  /** Seconds from starting the edit's `pulumi up` / `kubectl apply` until every WEC's API server holds the edit. */
  deliveredSeconds: Figure;
  /** Seconds until the ITS held the edit: the last spec write of the path's ManifestWorks, as a watch on the hub saw it. */
  itsSeconds: Figure;
  /** Seconds until the command itself returned. */
  commandSeconds: Figure;
  /** ManifestWork creates + updates + deletes per edit, all WECs together (status updates excluded). */
  writesPerEdit: Figure;
  /** Of those, updates that changed only labels or annotations (nothing the WECs apply). */
  metadataOnlyPerEdit: Figure;
  /** Status-only ManifestWork updates per edit (the work agents' reports). */
  statusUpdatesPerEdit: Figure;
  writes: WriteCounts[];
  /** ManifestWorks per WEC (mailbox namespace → count) after the last edit. */
  worksPerWec: Record<string, number>;
}

export interface SetupFigures {
  /** Seconds from the first `pulumi up` / `kubectl apply` until every object exists on every WEC. */
  deliveredSeconds: number;
  commandSeconds: number;
  writes: WriteCounts;
}

export interface SideBySideResult {
  /** The machine: CPUs, and its 1-minute load average when the rounds began and ended (others share it). */
  machine: { cpus: number; loadAtStart: number; loadAtEnd: number };
  wecs: string[];
  objects: number;
  rounds: number;
  definition: string;
  setup: { ours: SetupFigures; kubestellar: SetupFigures };
  ours: PathFigures;
  kubestellar: PathFigures;
  /** KubeStellar / ours, on medians. */
  ratios: { delivered: number; its: number; command: number; writesPerEdit: number; worksPerWec: number };
}

/** `kubectl apply --server-side` without blocking the event loop (the watches keep their timing). */
async function applyToWds(env: Record<string, string>, file: string): Promise<void> {
  await run(
    "kubectl",
    [
      "--kubeconfig",
      kubeconfigFile("wds"),
      "apply",
      "--server-side",
      "--field-manager=ksits-bench",
      "-f",
      file,
    ],
    { env, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Resolves when every object of `objects` exists on every WEC (polls each WEC's API server). */
async function allPresent(objects: readonly KubeObject[], timeoutMs: number): Promise<number> {
  const clients = WEC_NAMES.map((w) => {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigFile(w));
    return KubernetesObjectApi.makeApiClient(kc);
  });
  const start = now();
  for (;;) {
    const found = await Promise.all(
      clients.flatMap((c) =>
        objects.map((o) =>
          c.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }).then(
            () => true,
            () => false,
          ),
        ),
      ),
    );
    if (found.every(Boolean)) return now();
    if (now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000}s: objects missing on WECs`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pathFigures(
  delivered: number[],
  its: number[],
  command: number[],
  writes: WriteCounts[],
  worksPerWec: Record<string, number>,
): PathFigures {
  return {
    deliveredSeconds: figure(delivered),
    itsSeconds: figure(its),
    commandSeconds: figure(command),
    writesPerEdit: figure(writes.map((w) => w.creates + w.updates + w.deletes)),
    metadataOnlyPerEdit: figure(writes.map((w) => w.metadataOnlyUpdates)),
    statusUpdatesPerEdit: figure(writes.map((w) => w.statusUpdates)),
    writes,
    worksPerWec,
  };
}

/**
 * 5. One object edited → every WEC holds the edit: `pulumi up` of a `WorkloadBinding` (path A)
 * vs. the real KubeStellar (path B: `kubectl apply --server-side` to the WDS, a BindingPolicy,
 * KubeStellar's binding and OCM transport controllers with `--max-num-wrapped 1` as the core
 * chart runs them), on the interop sandbox's two real WECs, through the same ITS. Both paths
 * place the same 15 objects (each in its own namespace, so the WECs' work agents never fight)
 * and each round edits one templated ConfigMap; rounds alternate A, B, A, B, … so both share
 * the machine's noise. Delivered = every WEC's API server holds the edited value (a watch on
 * each WEC); ManifestWork writes come from a watch on the hub's mailbox namespaces.
 */
export async function kubestellarSideBySide(rounds: number, log = console.log): Promise<SideBySideResult> {
  const env = pulumiEnv();
  const dir = mkdtempSync(join(tmpdir(), "ksits-sbs-"));
  const stateDir = join(dir, "state");
  mkdirSync(stateDir);
  const hubKc = readFileSync(kubeconfigFile("hub"), "utf8");
  const hostingKc = readFileSync(kubeconfigFile("hosting"), "utf8");
  const tally = new ManifestWorkTally(kubeconfigFile("hub"), WEC_NAMES, (labels) =>
    labels[ORIGIN_WDS_LABEL] === "wds1" && labels[ORIGIN_BINDING_LABEL] === KS
      ? "kubestellar"
      : labels[ORIGIN_WDS_LABEL] === "kubestellar-its" && labels[ORIGIN_BINDING_LABEL] === OURS
        ? "ours"
        : undefined,
  );
  const edits = new EditedObjectWatch(
    Object.fromEntries(WEC_NAMES.map((w) => [w, kubeconfigFile(w)])),
    [OURS, KS],
    EDITED,
  );
  const ksFile = join(dir, "kubestellar.json");
  const writeKs = (revision: string) =>
    writeFileSync(
      ksFile,
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [...sideBySideWorkload(KS, revision), bindingPolicy(KS, KS)],
      }),
    );
  let revisionOurs = "r0";
  let setup: Stack | undefined;
  let ours: Stack | undefined;
  let ksApplied = false;
  await tally.start();
  await edits.start();
  try {
    setup = await stackFor(
      "sbs-setup",
      async () => {
        const its = new InventoryTransportSpace(ITS_NAME, {
          type: "external",
          kubeconfig: hubKc,
          hostingKubeconfig: hostingKc,
          registerWithKubeFlex: true,
          readyTimeoutSeconds: 120,
        });
        const hub = new ClusterManager(`${ITS_NAME}-hub`, { kubeconfig: its.kubeconfig, installer: "none" });
        for (const [name, region] of Object.entries(WECS)) {
          new WorkloadExecutionCluster(
            name,
            {
              itsKubeconfig: its.kubeconfig,
              itsProvider: its.provider,
              labels: WEC_SELECTOR,
              properties: { region },
              joinIdentity: sandboxJoinIdentity(name),
            },
            { dependsOn: [hub] },
          );
        }
        return Promise.resolve();
      },
      env,
      stateDir,
    );
    log("  setup: ITS registered with KubeFlex, WECs accepted with labels and properties …");
    await setup.up();
    ours = await stackFor(
      "sbs-ours",
      async () => {
        new WorkloadBinding(OURS, {
          itsKubeconfig: hubKc,
          clusters: Object.entries(WECS).map(([name, region]) => ({
            name,
            labels: WEC_SELECTOR,
            properties: { region },
          })),
          clusterSelectors: [{ matchLabels: WEC_SELECTOR }],
          workloads: sideBySideWorkload(OURS, revisionOurs),
        });
        return Promise.resolve();
      },
      env,
      stateDir,
    );
    log("  setup: waiting for KubeStellar's CRDs in the WDS …");
    await waitForBindingPolicyCrd(env);

    // First delivery of the whole workload, once per path.
    const firstOurs = await firstDelivery(tally, "ours", sideBySideWorkload(OURS, "r0"), () =>
      ours!.up().then(() => undefined),
    );
    writeKs("r0");
    ksApplied = true;
    const firstKs = await firstDelivery(tally, "kubestellar", sideBySideWorkload(KS, "r0"), () =>
      applyToWds(env, ksFile),
    );
    log(
      `  first delivery: ours ${firstOurs.deliveredSeconds.toFixed(1)} s, KubeStellar ${firstKs.deliveredSeconds.toFixed(1)} s`,
    );

    const samples = {
      ours: {
        delivered: [] as number[],
        its: [] as number[],
        command: [] as number[],
        writes: [] as WriteCounts[],
      },
      kubestellar: {
        delivered: [] as number[],
        its: [] as number[],
        command: [] as number[],
        writes: [] as WriteCounts[],
      },
    };
    const loadAtStart = loadavg()[0]!;
    for (let round = 1; round <= rounds; round++) {
      const revision = `r${round}`;
      for (const path of ["ours", "kubestellar"] as const) {
        let act: () => Promise<void>;
        if (path === "ours") {
          revisionOurs = revision;
          act = () => ours!.up().then(() => undefined);
        } else {
          writeKs(revision);
          act = () => applyToWds(env, ksFile);
        }
        const ns = path === "ours" ? OURS : KS;
        const before = tally.snapshot(path);
        const t0 = now();
        let returned = 0;
        const command = act().then(() => (returned = now()));
        const { at, regions } = await edits.arrival(WEC_NAMES, ns, revision, DELIVERY_TIMEOUT_MS);
        await command;
        for (const [w, region] of Object.entries(WECS)) {
          if (regions[w] !== region)
            throw new Error(`${path}: ${w} shows region ${String(regions[w])}, not ${region}`);
        }
        await tally.settle(3000, 60_000);
        const writes = writesBetween(before, tally.snapshot(path));
        // After the settle: the hub's watch can hand over its event after a WEC's watch did.
        const itsAt = tally.lastSpecWrite(path, t0, now());
        if (itsAt === undefined)
          throw new Error(`${path}: the edit reached the WECs with no ManifestWork spec write seen`);
        samples[path].delivered.push((at - t0) / 1000);
        samples[path].its.push((itsAt - t0) / 1000);
        samples[path].command.push((returned - t0) / 1000);
        samples[path].writes.push(writes);
        log(
          `  round ${round} ${path}: delivered ${((at - t0) / 1000).toFixed(2)} s, in the ITS ${((itsAt - t0) / 1000).toFixed(2)} s, command ${((returned - t0) / 1000).toFixed(2)} s, ManifestWork writes ${writes.creates + writes.updates + writes.deletes} (${writes.metadataOnlyUpdates} metadata only; +${writes.statusUpdates} status)`,
        );
      }
    }
    const oursFigures = pathFigures(
      samples.ours.delivered,
      samples.ours.its,
      samples.ours.command,
      samples.ours.writes,
      tally.worksPerWec("ours", WEC_NAMES),
    );
    const ksFigures = pathFigures(
      samples.kubestellar.delivered,
      samples.kubestellar.its,
      samples.kubestellar.command,
      samples.kubestellar.writes,
      tally.worksPerWec("kubestellar", WEC_NAMES),
    );
    const perWec = (f: PathFigures) => Math.max(...Object.values(f.worksPerWec));
    return {
      machine: { cpus: cpus().length, loadAtStart, loadAtEnd: loadavg()[0]! },
      wecs: WEC_NAMES,
      objects: sideBySideWorkload(OURS, "r0").length,
      rounds,
      definition:
        "delivered = the edited ConfigMap's new value (with its WEC's own region) is on every WEC's API server, seen by a watch on each WEC",
      setup: { ours: firstOurs, kubestellar: firstKs },
      ours: oursFigures,
      kubestellar: ksFigures,
      ratios: {
        delivered: ksFigures.deliveredSeconds.median / oursFigures.deliveredSeconds.median,
        its: ksFigures.itsSeconds.median / oursFigures.itsSeconds.median,
        command: ksFigures.commandSeconds.median / oursFigures.commandSeconds.median,
        writesPerEdit: ksFigures.writesPerEdit.median / oursFigures.writesPerEdit.median,
        worksPerWec: perWec(ksFigures) / perWec(oursFigures),
      },
    };
  } finally {
    await cleanUp(env, tally, ksApplied ? ksFile : undefined, ours, setup, log);
    tally.stop();
    edits.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function firstDelivery(
  tally: ManifestWorkTally,
  path: string,
  objects: readonly KubeObject[],
  act: () => Promise<void>,
): Promise<SetupFigures> {
  const before = tally.snapshot(path);
  const t0 = now();
  let returned = 0;
  const command = act().then(() => (returned = now()));
  const at = await allPresent(objects, DELIVERY_TIMEOUT_MS);
  await command;
  await tally.settle(3000, 60_000);
  return {
    deliveredSeconds: (at - t0) / 1000,
    commandSeconds: (returned - t0) / 1000,
    writes: writesBetween(before, tally.snapshot(path)),
  };
}

/** KubeStellar's controller-manager installs its CRDs into the WDS once it has found the ITS ControlPlane. */
async function waitForBindingPolicyCrd(env: Record<string, string>): Promise<void> {
  const start = now();
  for (;;) {
    try {
      const status = kubectl(env, "wds", [
        "get",
        "crd",
        "bindingpolicies.control.kubestellar.io",
        "-o",
        "jsonpath={.status.conditions[?(@.type=='Established')].status}",
      ]);
      if (status === "True") return;
    } catch {
      // not there yet
    }
    if (now() - start > 360_000) throw new Error("KubeStellar never installed its CRDs into the WDS (6 min)");
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function cleanUp(
  env: Record<string, string>,
  tally: ManifestWorkTally,
  ksFile: string | undefined,
  ours: Stack | undefined,
  setup: Stack | undefined,
  log: (s: string) => void,
): Promise<void> {
  log("  cleaning up …");
  if (ksFile !== undefined) {
    kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", ksFile]);
    const start = now();
    while (
      Object.values(tally.worksPerWec("kubestellar", WEC_NAMES)).some((n) => n > 0) &&
      now() - start < 120_000
    ) {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  for (const [name, stack] of [
    ["sbs-ours", ours],
    ["sbs-setup", setup],
  ] as const) {
    if (stack === undefined) continue;
    await stack.destroy();
    await stack.workspace.removeStack(name);
  }
}
