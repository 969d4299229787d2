import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClusterManager } from "../../components/hub/cluster-manager";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { ManifestWorkBundle } from "../../components/transport/manifest-work-bundle";
import { WorkloadBinding } from "../../components/binding/workload-binding";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { buildTokenKubeconfig, kubeconfigCluster } from "../../src/kube/kubeconfig";
import { watchUnhandledRejections } from "../support/unhandled-rejections";
import type { RejectionWatch } from "../support/unhandled-rejections";
import {
  eventually,
  getJson,
  inlineStack,
  kubeconfigPath,
  kubectl,
  pulumiEnv,
  ROOT,
  sandboxPulumi,
} from "../support/sandbox";
import type { BadInputCase } from "./bad-input-corpus";
import {
  BAD_INPUTS,
  REJECTED_TOKEN_KUBECONFIG,
  SILENT_SERVER_KUBECONFIG,
  WEC_KUBECONFIG,
} from "./bad-input-corpus";

/**
 * The bad-input corpus through the real engine: `pulumi preview` of a program holding the bad
 * input fails with a message naming the property/object and the bad value, within a deadline
 * (no hang), and the hub is unchanged. For one case of each kind `pulumi up` is run too: it fails
 * the same way and applies nothing. Component cases run as an inline program against the sandbox
 * hub; stack-config cases run the root program (`bin/components/program`) with stack config, as
 * a GitOps pipeline does.
 */
const DEADLINE_MS = 90_000;
let env: Record<string, string>;
let dir: string;
let hubKc: string;
let silent: Server;
let silentKc: string;
let current: BadInputCase | undefined;
let inline: Stack;
let program: Stack;
let before: string[];

/** What a bad input could leave on the hub, with the fields that change when it is written. */
function hubSnapshot(): string[] {
  const rows: string[] = [];
  const list = (args: string[], row: (o: any) => string) => {
    for (const o of getJson(env, "hub", args).items as any[]) rows.push(`${args[0]} ${row(o)}`);
  };
  const id = (o: any) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  list(["namespaces"], (o) => `${id(o)} ${o.status.phase}`);
  list(["managedclusters"], (o) => `${id(o)} gen=${o.metadata.generation} accept=${o.spec.hubAcceptsClient}`);
  list(["managedclustersets"], (o) => `${id(o)} gen=${o.metadata.generation}`);
  for (const kind of ["manifestworks", "configmaps", "secrets", "serviceaccounts", "deployments"])
    list([kind, "-A"], (o) => `${id(o)} rv=${o.metadata.resourceVersion}`);
  for (const kind of ["customresourcedefinitions", "clusterroles", "clusterrolebindings"]) list([kind], id);
  return rows.sort();
}

/** The case's component with its bad input, on top of a valid baseline against the hub. */
function componentProgram(c: BadInputCase): void {
  const { name, options, ...input } = c.input as {
    name?: string;
    options?: Record<string, unknown>;
  } & Record<string, unknown>;
  const kubeconfig = (v: unknown) =>
    v === SILENT_SERVER_KUBECONFIG
      ? silentKc
      : v === WEC_KUBECONFIG
        ? readFileSync(kubeconfigPath("wec1"), "utf8")
        : v === REJECTED_TOKEN_KUBECONFIG
          ? buildTokenKubeconfig({ ...kubeconfigCluster(hubKc), token: "not-a-token-the-hub-knows" })
          : v;
  switch (c.kind) {
    case "bundle":
      new ManifestWorkBundle(name ?? "b", {
        itsKubeconfig: hubKc,
        clusterName: "wec1",
        ...input,
        ...options,
        ...(input.itsKubeconfig !== undefined && {
          itsKubeconfig: kubeconfig(input.itsKubeconfig) as string,
        }),
      });
      return;
    case "binding":
      new WorkloadBinding(name ?? "shop", {
        itsKubeconfig: hubKc,
        clusterSelectors: [],
        clusters: [{ name: "wec1" }],
        ...input,
      });
      return;
    case "wec":
      new WorkloadExecutionCluster(name ?? "wec1", { itsKubeconfig: hubKc, ...input });
      return;
    case "its":
      new InventoryTransportSpace(name ?? "its1", { type: "external", kubeconfig: hubKc, ...input } as never);
      return;
    case "hub":
      new ClusterManager(name ?? "hub", { kubeconfig: hubKc, ...input });
      return;
    case "program":
      throw new Error("stack-config cases run the root program");
  }
}

/** Stack config of the root program: a valid baseline with the case's keys replaced. */
function programConfig(c: BadInputCase): Record<string, { value: string }> {
  const config: Record<string, unknown> = {
    itses: [{ name: "its1", kubeconfigFile: kubeconfigPath("hub") }],
    workloads: [{ name: "shop", files: [] }],
    ...c.input,
  };
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [`kubestellar-its:${k}`, { value: JSON.stringify(v) }]),
  );
}

/**
 * Rejections no one handled while the corpus runs. A `14 UNAVAILABLE: No connection established`
 * is the SDK's gRPC client reusing an exited engine's connection (test/support/engine-connections.ts
 * prevents it): it would make a `preview` end as if the program had declared nothing, so it fails
 * the case rather than being retried.
 */
let rejections: RejectionWatch;

async function failureOnce(c: BadInputCase, op: "preview" | "up"): Promise<string> {
  let stack = inline;
  if (c.kind === "program") {
    stack = program;
    for (const key of Object.keys(await stack.getAllConfig())) await stack.removeConfig(key);
    await stack.setAllConfig(programConfig(c));
  }
  current = c;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${op} did not end within ${DEADLINE_MS / 1000}s`)),
      DEADLINE_MS,
    );
  });
  const run = op === "preview" ? stack.preview() : stack.up();
  try {
    await Promise.race([run, deadline]);
  } catch (e) {
    if ((e as Error).message.startsWith(`${op} did not end`)) throw e;
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ""}\n${err.stderr ?? ""}\n${err.message}`;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`${op} succeeded`);
}

beforeAll(async () => {
  rejections = watchUnhandledRejections();
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-corpus-"));
  const stateDir = join(dir, "state");
  mkdirSync(stateDir);
  hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
  // Accepts connections and never answers: the probe must give up, not hang the preview.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const port = (silent.address() as { port: number }).port;
  silentKc = hubKc.replace(/server: \S+/, `server: https://127.0.0.1:${port}`);

  inline = await inlineStack(env, { project: "ksits-corpus", stack: "corpus", stateDir }, () =>
    componentProgram(current!),
  );
  const workDir = join(ROOT, ".inline-work", "ksits-corpus-program");
  mkdirSync(workDir, { recursive: true });
  const backend = { url: `file://${stateDir}` };
  program = await LocalWorkspace.createOrSelectStack(
    { stackName: "corpus-program", workDir },
    {
      pulumiCommand: await sandboxPulumi(env),
      envVars: { ...env, PULUMI_BACKEND_URL: backend.url, PULUMI_CONFIG_PASSPHRASE: "corpus" },
      projectSettings: {
        name: "ksits-corpus-program",
        // As the project's Pulumi.yaml: the program is compiled JavaScript.
        runtime: { name: "nodejs", options: { typescript: false } },
        main: join(ROOT, "bin", "components", "program", "index.js"),
        backend,
      },
    },
  );
  // A quiet hub to compare against: nothing left terminating by an earlier suite.
  await eventually("the hub's namespaces to settle", () =>
    (getJson(env, "hub", ["namespaces"]).items as any[]).every((n) => n.status.phase === "Active"),
  );
  before = hubSnapshot();
}, 600_000);

afterEach(() => {
  // A rejection nobody handled (not a program's error Pulumi reports), and no reused dead channel.
  expect(rejections.takeOthers()).toEqual([]);
  expect(rejections.takeInlineChannelFlakes(), "runs whose engine channel was a dead engine's").toBe(0);
});

afterAll(() => {
  rejections?.stop();
  silent?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The first case of each kind, which also runs `pulumi up`. */
const firstOfKind = new Set(
  BAD_INPUTS.filter((c, i) => BAD_INPUTS.findIndex((o) => o.kind === c.kind) === i).map((c) => c.id),
);

describe(`bad input corpus through pulumi preview (${BAD_INPUTS.length} cases)`, () => {
  it.each(BAD_INPUTS.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    if (c.previewWarns !== undefined) {
      // The preview plans through the fault and says so; up refuses before writing anything.
      current = c;
      const preview = await inline.preview();
      const shown = `${preview.stdout}\n${preview.stderr}`;
      for (const fragment of c.previewWarns) expect(shown).toContain(fragment);
      const upMessage = await failureOnce(c, "up");
      for (const fragment of c.expect) expect(upMessage).toContain(fragment);
      expect(upMessage).not.toMatch(/^\s+at .*\.(ts|js):\d+/m);
      expect(hubSnapshot()).toEqual(before);
      return;
    }
    const expected = c.previewExpect ?? c.expect;
    const message = await failureOnce(c, "preview");
    for (const fragment of expected) expect(message).toContain(fragment);
    if (c.canary !== undefined) expect(message).not.toContain(c.canary);
    // A user error reads as one: the message, not "unhandled exception" and a stack trace.
    expect(message.toLowerCase()).not.toContain("unhandled exception");
    expect(message).not.toMatch(/^\s+at .*\.(ts|js):\d+/m);
    if (firstOfKind.has(c.id)) {
      const upMessage = await failureOnce(c, "up");
      for (const fragment of expected) expect(upMessage).toContain(fragment);
      if (c.canary !== undefined) expect(upMessage).not.toContain(c.canary);
      expect(hubSnapshot()).toEqual(before);
    }
  });

  it("left the hub unchanged and recorded no workload or cluster resource in state", async () => {
    expect(hubSnapshot()).toEqual(before);
    for (const stack of [inline, program]) {
      const types = ((await stack.exportStack()).deployment.resources ?? []).map(
        (r: { type: string }) => r.type,
      );
      expect(
        types.filter((t: string) => !t.startsWith("pulumi:") && !t.startsWith("kubestellar-its:index:")),
      ).toEqual([]);
    }
    kubectl(env, "hub", ["get", "--raw", "/readyz"]);
  });
});
