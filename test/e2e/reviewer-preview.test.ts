import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { Server, Socket } from "node:net";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkloadBinding } from "../../components";
import { getJson, inlineStack, kubeconfigPath, kubectl, pulumiEnv } from "../support/sandbox";

/**
 * The preview a reviewer reads, through the real engine: a binding over three WECs whose
 * templated ConfigMap differs per WEC. The ITS is reached through a TCP relay the test can cut,
 * so "the hub is unreachable" keeps the very same kubeconfig (and so the same plan inputs).
 */
const WECS = ["rv1", "rv2", "rv3"];
const REGIONS: Record<string, string> = { rv1: "us-east-1", rv2: "us-west-2", rv3: "eu-west-1" };
let env: Record<string, string>;
let dir: string;
let stack: Stack;
let relay: Server | undefined;
let relayPort = 0;
let hubPort = 0;
const sockets = new Set<Socket>();
let greeting = "served from";
const CANARY = `reviewer-canary-${Date.now().toString(36)}`;

const settings = () => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "settings",
    namespace: "app",
    annotations: { "control.kubestellar.io/expand-templates": "true" },
  },
  data: { region: "{{ .region }}", greeting: `${greeting} {{ .region }}` },
});

/**
 * Forwards 127.0.0.1:<relayPort> to the hub's API server, byte for byte (TLS passes through):
 * the first call picks the port, later ones listen on it again.
 */
async function openRelay(): Promise<void> {
  relay = createServer((client) => {
    const upstream = connect(hubPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => relay!.listen(relayPort, "127.0.0.1", resolve));
  relayPort = (relay.address() as { port: number }).port;
}

async function closeRelay(): Promise<void> {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  relay = undefined;
}

/** Where the engine's dynamic providers render (`KSITS_RENDER_DIR`), or nowhere. */
function renderInto(where: string | undefined): void {
  const vars = (stack.workspace as LocalWorkspace).envVars;
  if (where === undefined) delete vars.KSITS_RENDER_DIR;
  else vars.KSITS_RENDER_DIR = where;
}

function captured(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}\n${run.stderr}`;
}

/** The lines of `preview --diff` that show a WEC's record in the binding's plan (`~ rv1: "…" => "…"`). */
function wecLines(text: string): string[] {
  return text.split("\n").filter((l) => new RegExp(`^\\s+[~+-]?\\s*(${WECS.join("|")})\\s*:`).test(l));
}

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-reviewer-"));
  mkdirSync(join(dir, "state"));
  for (const wec of WECS) {
    if (getJson(env, "hub", ["namespace", wec]) === undefined)
      kubectl(env, "hub", ["create", "namespace", wec]);
  }
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  hubPort = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(hub)![1]);
  await openRelay();
  const viaRelay = hub.replace(
    /server: https:\/\/127\.0\.0\.1:\d+/,
    `server: https://127.0.0.1:${relayPort}`,
  );
  stack = await inlineStack(
    env,
    { project: "ksits-reviewer", stack: "r", stateDir: join(dir, "state") },
    () => {
      new WorkloadBinding("app", {
        itsKubeconfig: viaRelay,
        clusters: WECS.map((name) => ({
          name,
          labels: { tier: "edge" },
          properties: { region: REGIONS[name]! },
        })),
        clusterSelectors: [{ matchLabels: { tier: "edge" } }],
        workloads: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
          settings(),
          {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "creds", namespace: "app" },
            stringData: { password: CANARY },
          },
        ],
      });
    },
  );
  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
}, 600_000);

afterAll(async () => {
  try {
    if (relay === undefined && relayPort !== 0) await openRelay().catch(() => undefined);
    await stack?.destroy().catch(() => undefined);
  } finally {
    await closeRelay();
    for (const wec of WECS)
      kubectl(env, "hub", ["delete", "namespace", wec, "--ignore-not-found", "--wait=false"]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

describe("the preview a reviewer reads", () => {
  it("a one-field edit over 3 WECs shows exactly one changed line under each WEC, and none moving between WECs", async () => {
    greeting = "hello from";
    const preview = await stack.preview({ diff: true });
    const shown = captured(preview);
    const lines = wecLines(shown);
    // Exactly one changed line under each WEC: its one-line record, old => new.
    expect(
      lines.map((l) => /^\s+~\s+(\S+?)\s*:/.exec(l)?.[1]),
      shown,
    ).toEqual(WECS);
    for (const l of lines) expect(l).toContain("=>");
    expect(shown).not.toContain(CANARY);
    // Nothing added or removed anywhere: no key appears under one WEC and leaves another (a `-`
    // and a `+` line), which a reviewer would read as an object moving between clusters.
    expect(shown.split("\n").filter((l) => /^\s+[+-]\s/.test(l))).toEqual([]);
    console.log(`[reviewer] preview --diff:\n${shown}`);
  });

  it("KSITS_RENDER_DIR renders each WEC's objects; diff -ru of two renders shows the field, old and new, per WEC", async () => {
    const before = join(dir, "render-before");
    const after = join(dir, "render-after");
    greeting = "served from";
    renderInto(before);
    await stack.preview();
    greeting = "hello from";
    renderInto(after);
    await stack.preview();
    renderInto(undefined);
    expect(readFileSync(join(before, "app", "rv2", "ConfigMap.core_app_settings.yaml"), "utf8")).toContain(
      "region: us-west-2",
    );
    let diff = "";
    try {
      execFileSync("diff", ["-ru", before, after], { encoding: "utf8" });
    } catch (e) {
      diff = (e as { stdout: string }).stdout;
    }
    // The Secret is rendered by name only: its canary is in no rendered file.
    expect(readFileSync(join(before, "app", "rv1", "Secret.core_app_creds.yaml"), "utf8")).not.toContain(
      CANARY,
    );
    const rendered = [before, after].flatMap((d) =>
      (readdirSync(d, { recursive: true }) as string[])
        .map((f) => join(d, f))
        .filter((f) => f.endsWith(".yaml")),
    );
    expect(rendered.length).toBeGreaterThan(6);
    expect(rendered.filter((f) => readFileSync(f, "utf8").includes(CANARY))).toEqual([]);
    expect(diff.split("\n").filter((l) => /^[-+] /.test(l))).toEqual(
      WECS.flatMap((w) => [
        `-  greeting: served from ${REGIONS[w]}`,
        `+  greeting: hello from ${REGIONS[w]}`,
      ]),
    );
  });

  it("previews with the hub unreachable: the same plan, one warning; up refuses clearly; with the hub back, up converges", async () => {
    greeting = "hello from";
    const reachable = join(dir, "render-reachable");
    const unreachable = join(dir, "render-unreachable");
    renderInto(reachable);
    const withHub = await stack.preview({ diff: true });
    await closeRelay();
    renderInto(unreachable);
    const withoutHub = await stack.preview({ diff: true });
    renderInto(undefined);
    const shown = captured(withoutHub);
    const warnings = shown
      .split("\n")
      .filter((l) => l.includes("This preview planned from the inputs and the state only"));
    expect(warnings.length, shown).toBeGreaterThan(0);
    expect(new Set(warnings.map((l) => l.trim())).size).toBe(1);
    expect(warnings[0]).toContain(`cannot reach the ITS API server https://127.0.0.1:${relayPort}`);
    // The same plan: the same diff under `wecs`, and the same files rendered.
    expect(wecLines(shown)).toEqual(wecLines(captured(withHub)));
    expect(execFileSync("diff", ["-r", reachable, unreachable], { encoding: "utf8" })).toBe("");

    const refused = await stack.up().then(
      () => "",
      (e: Error) => e.message,
    );
    expect(refused).toContain(
      `itsKubeconfig: cannot reach the ITS API server https://127.0.0.1:${relayPort}`,
    );
    expect(refused).not.toMatch(/^\s+at .*\.(ts|js):\d+/m);
    expect(refused).not.toContain("Channel has been shut down");

    // The hub back on the same address: up converges to the edited plan.
    await openRelay();
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const work = getJson(env, "hub", ["manifestwork", "app-0", "-n", "rv2"]) as {
      spec: { workload: { manifests: { data?: { greeting?: string } }[] } };
    };
    expect(work.spec.workload.manifests.map((m) => m.data?.greeting).filter(Boolean)).toEqual([
      "hello from us-west-2",
    ]);
  }, 300_000);
});
