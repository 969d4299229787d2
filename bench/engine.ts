import * as k8s from "@pulumi/kubernetes";
import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InventoryTransportSpace } from "../components/its/inventory-transport-space";
import { ManifestWorkBundle } from "../components/transport/manifest-work-bundle";
import { WorkloadExecutionCluster } from "../components/wec/workload-execution-cluster";
import type { KubeObject } from "../src/transport/plan/objects";
import { planBundles } from "../src/transport/plan/plan";
import { isolateEngineConnections } from "../test/support/engine-connections";
import { sandboxJoinIdentity } from "../test/support/sandbox";
import type { Figure } from "./stats";
import { figure } from "./stats";
import { makeObject } from "./workload";

const ROOT = join(__dirname, "..", "..");
export const SANDBOX =
  process.env.KSITS_SANDBOX ?? join(process.env.HOME ?? "/root", ".cache", "kubestellar-its", "sandbox");
export const kubeconfigFile = (c: string) => join(SANDBOX, "kubeconfigs", `${c}.kubeconfig`);

export function pulumiEnv(): Record<string, string> {
  const out = execFileSync("bash", ["-c", `source "${ROOT}/sandbox/pulumi-env.sh" >/dev/null && env -0`], {
    encoding: "utf8",
  });
  return Object.fromEntries(
    out
      .split("\0")
      .filter((e) => e.includes("="))
      .map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );
}

export function kubectl(
  env: Record<string, string>,
  cluster: string,
  args: string[],
  input?: string,
): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigFile(cluster), ...args], {
    env,
    encoding: "utf8",
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Mutating requests on ManifestWorks the hub API server has served so far (its own metrics). */
function manifestWorkWrites(env: Record<string, string>): number {
  const metrics = kubectl(env, "hub", ["get", "--raw", "/metrics"]);
  let total = 0;
  for (const line of metrics.split("\n")) {
    if (!line.startsWith("apiserver_request_total{") || !line.includes('resource="manifestworks"')) continue;
    if (!/verb="(POST|PUT|PATCH|DELETE|APPLY|CREATE|UPDATE)"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

function smallObjects(count: number, tag: string): KubeObject[] {
  return Array.from({ length: count }, (_, i) => {
    const o = makeObject(i * 4 + 2, 1500, false); // ConfigMaps of ~1.5 KB
    o.metadata.namespace = `bench-${tag}`;
    return o;
  });
}

function inlineWorkDir(stack: string): string {
  const d = join(ROOT, ".inline-work", stack);
  mkdirSync(d, { recursive: true });
  return d;
}

export async function stackFor(
  name: string,
  program: () => Promise<void>,
  env: Record<string, string>,
  state: string,
): Promise<Stack> {
  isolateEngineConnections();
  const pulumiCommand = await PulumiCommand.get({
    root: join(env.PULUMI_HOME!, "versions", env.KSITS_PULUMI_VERSION!),
    skipVersionCheck: true,
  });
  return LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "ksits-bench", program },
    {
      pulumiCommand,
      // Inside the project, so the dynamic-provider host resolves node_modules, but in a folder
      // of its own: an inline program's workspace writes Pulumi.yaml and stack files there.
      workDir: inlineWorkDir(name),
      envVars: { ...env, PULUMI_BACKEND_URL: `file://${state}` },
      projectSettings: { name: "ksits-bench", runtime: "nodejs", backend: { url: `file://${state}` } },
    },
  );
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const r = await f();
  return [r, (Date.now() - t) / 1000];
}

/** One program's figures: each a median (min-max) over the runs. */
export interface EngineFigures {
  resources: number;
  previewSeconds: Figure;
  upSeconds: Figure;
  noopUpSeconds: Figure;
  noopWrites: Figure;
}

export interface EngineResult {
  wecs: number;
  objectsPerWec: number;
  runs: number;
  ours: EngineFigures;
  baseline: EngineFigures;
  /** Ratios of the medians. */
  previewSpeedup: number;
  upSpeedup: number;
}

interface EngineRun {
  resources: number;
  previewSeconds: number;
  upSeconds: number;
  noopUpSeconds: number;
  noopWrites: number;
}

function engineFigures(runs: EngineRun[]): EngineFigures {
  return {
    resources: runs[0]!.resources,
    previewSeconds: figure(runs.map((r) => r.previewSeconds)),
    upSeconds: figure(runs.map((r) => r.upSeconds)),
    noopUpSeconds: figure(runs.map((r) => r.noopUpSeconds)),
    noopWrites: figure(runs.map((r) => r.noopWrites)),
  };
}

/**
 * 3. `pulumi preview` and `pulumi up` of `wecs` x `objects`: ManifestWorkBundle per WEC vs. one
 * `k8s.apiextensions.CustomResource` ManifestWork per object, both through the real engine and
 * the sandbox hub's real API server and OCM webhook. Mailbox namespaces are created directly
 * (no agents needed: this measures the control-plane path). Also counts ManifestWork writes the
 * hub serves during a no-op `up`. `runs` rounds alternate ours, baseline, ours, … so both
 * share the machine's noise; every figure is the median (min-max) of the rounds.
 */
export async function engineComparison(
  wecs: number,
  objects: number,
  runs: number,
  log = console.log,
): Promise<EngineResult> {
  const env = pulumiEnv();
  const kc = readFileSync(kubeconfigFile("hub"), "utf8");
  const state = mkdtempSync(join(tmpdir(), "ksits-bench-"));
  const nsNames = Array.from({ length: wecs }, (_, w) => `bench-mailbox-${w}`);
  kubectl(
    env,
    "hub",
    ["apply", "-f", "-"],
    nsNames.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n---\n`).join(""),
  );
  const workload = smallObjects(objects, "app");
  const ours = async () => {
    nsNames.forEach(
      (ns, w) =>
        new ManifestWorkBundle(`bundle-${w}`, {
          itsKubeconfig: kc,
          clusterName: ns,
          bundleSetName: "bench",
          workloads: workload,
        }),
    );
    return Promise.resolve();
  };
  const baseline = async () => {
    const provider = new k8s.Provider("hub", { kubeconfig: kc, clusterIdentifier: "bench-hub" });
    nsNames.forEach((ns, w) =>
      workload.forEach(
        (obj, i) =>
          new k8s.apiextensions.CustomResource(
            `mw-${w}-${i}`,
            {
              apiVersion: "work.open-cluster-management.io/v1",
              kind: "ManifestWork",
              metadata: { name: `obj-${i}`, namespace: ns },
              spec: { workload: { manifests: [obj] } },
            },
            { provider },
          ),
      ),
    );
    return Promise.resolve();
  };
  const run = async (name: string, program: () => Promise<void>) => {
    const stack = await stackFor(name, program, env, state);
    const [, previewSeconds] = await timed(() => stack.preview());
    const [up, upSeconds] = await timed(() => stack.up());
    const before = manifestWorkWrites(env);
    const [, noopUpSeconds] = await timed(() => stack.up());
    const noopWrites = manifestWorkWrites(env) - before;
    const resources = Object.values(up.summary.resourceChanges ?? {}).reduce((s, n) => s + (n ?? 0), 0);
    await stack.destroy();
    await stack.workspace.removeStack(name);
    return { resources, previewSeconds, upSeconds, noopUpSeconds, noopWrites };
  };
  try {
    const o: EngineRun[] = [];
    const b: EngineRun[] = [];
    for (let i = 1; i <= runs; i++) {
      o.push(await run("ours", ours));
      b.push(await run("baseline", baseline));
      log(
        `  round ${i}/${runs}: preview ours ${o[i - 1]!.previewSeconds.toFixed(1)} s / baseline ${b[i - 1]!.previewSeconds.toFixed(1)} s, up ${o[i - 1]!.upSeconds.toFixed(1)} / ${b[i - 1]!.upSeconds.toFixed(1)} s`,
      );
    }
    const of = engineFigures(o);
    const bf = engineFigures(b);
    return {
      wecs,
      objectsPerWec: objects,
      runs,
      ours: of,
      baseline: bf,
      previewSpeedup: bf.previewSeconds.median / of.previewSeconds.median,
      upSpeedup: bf.upSeconds.median / of.upSeconds.median,
    };
  } finally {
    kubectl(env, "hub", ["delete", "namespace", ...nsNames, "--wait=false"]);
    rmSync(state, { recursive: true, force: true });
  }
}

export interface AppliedResult {
  wecs: number;
  objectsPerWec: number;
  runs: number;
  pulumiUpSeconds: Figure;
  engineFloorSeconds: Figure;
  kubectlApplySeconds: Figure;
  /** Ratios of the medians. */
  ratio: number;
  ratioAboveEngineFloor: number;
}

async function waitApplied(env: Record<string, string>, wecNames: string[], names: string[]): Promise<void> {
  for (;;) {
    const done = wecNames.every((w) =>
      names.every((n) => {
        try {
          return (
            kubectl(env, "hub", [
              "get",
              "manifestwork",
              n,
              "-n",
              w,
              "-o",
              "jsonpath={.status.conditions[?(@.type=='Applied')].status}",
            ]) === "True"
          );
        } catch {
          return false;
        }
      }),
    );
    if (done) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * 4. Time from start to every bundle Applied on the real WECs: `pulumi up` with
 * `waitFor: Applied` vs. `kubectl apply --server-side` of the same ManifestWorks plus polling
 * for Applied. WECs must be accepted (run after the e2e or demo accepted them). `runs` rounds,
 * each both ways in turn; every figure is the median (min-max) of the rounds.
 */
export async function timeToApplied(
  objects: number,
  runs: number,
  log = console.log,
): Promise<AppliedResult> {
  const env = pulumiEnv();
  const wecNames = ["wec1", "wec2"];
  const kc = readFileSync(kubeconfigFile("hub"), "utf8");
  const state = mkdtempSync(join(tmpdir(), "ksits-bench-"));
  // Accept both WECs first (not timed): the comparison is about delivering workloads.
  const accept = await stackFor(
    "accept",
    async () => {
      const its = new InventoryTransportSpace("its", { type: "external", kubeconfig: kc });
      wecNames.forEach(
        (w) =>
          new WorkloadExecutionCluster(
            w,
            { itsKubeconfig: kc, clusterName: w, joinIdentity: sandboxJoinIdentity(w) },
            { dependsOn: [its] },
          ),
      );
      return Promise.resolve();
    },
    env,
    state,
  );
  await accept.up();
  try {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench-apply" } } as KubeObject;
    const oursWorkload = [ns, ...smallObjects(objects, "apply")];
    const up: number[] = [];
    const floor: number[] = [];
    const apply: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const stack = await stackFor(
        "applied",
        async () => {
          wecNames.forEach(
            (w) =>
              new ManifestWorkBundle(`applied-${w}`, {
                itsKubeconfig: kc,
                clusterName: w,
                bundleSetName: "applied",
                workloads: oursWorkload,
                waitFor: "Applied",
                waitTimeoutSeconds: 600,
              }),
          );
          return Promise.resolve();
        },
        env,
        state,
      );
      const [, pulumiUpSeconds] = await timed(() => stack.up());
      // A no-op up of the same stack: the engine's fixed cost (CLI, language host, plugins, program).
      const [, engineFloorSeconds] = await timed(() => stack.up());
      await stack.destroy();
      await stack.workspace.removeStack("applied");
      // Same ManifestWorks (same planner), other names, straight through kubectl.
      const docs: string[] = [];
      const names = new Set<string>();
      for (const w of wecNames) {
        for (const work of planBundles({ setName: "kubectl", clusterName: w, objects: oursWorkload }).works) {
          docs.push(JSON.stringify(work));
          names.add((work.metadata as { name: string }).name);
        }
      }
      const file = join(state, "works.json");
      writeFileSync(file, `{"apiVersion":"v1","kind":"List","items":[${docs.join(",")}]}`);
      const [, kubectlApplySeconds] = await timed(async () => {
        kubectl(env, "hub", ["apply", "--server-side", "-f", file]);
        await waitApplied(env, wecNames, [...names]);
      });
      kubectl(env, "hub", ["delete", "-f", file, "--wait=true"]);
      up.push(pulumiUpSeconds);
      floor.push(engineFloorSeconds);
      apply.push(kubectlApplySeconds);
      log(
        `  round ${i}/${runs}: pulumi up ${pulumiUpSeconds.toFixed(1)} s (no-op up ${engineFloorSeconds.toFixed(1)} s), kubectl ${kubectlApplySeconds.toFixed(1)} s`,
      );
    }
    const u = figure(up);
    const f = figure(floor);
    const k = figure(apply);
    return {
      wecs: wecNames.length,
      objectsPerWec: objects + 1,
      runs,
      pulumiUpSeconds: u,
      engineFloorSeconds: f,
      kubectlApplySeconds: k,
      ratio: u.median / k.median,
      ratioAboveEngineFloor: Math.max(0, u.median - f.median) / k.median,
    };
  } finally {
    await accept.destroy();
    await accept.workspace.removeStack("accept");
    rmSync(state, { recursive: true, force: true });
  }
}
