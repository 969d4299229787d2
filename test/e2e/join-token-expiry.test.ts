import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BootstrapToken } from "../../components";
import { eventually, inlineStack, kubeconfigPath, kubectl, pulumiEnv, ROOT } from "../support/sandbox";

/**
 * A join token outlives its usefulness (issue 25): the hub stops accepting it (its ServiceAccount
 * was recreated) or it expires. `refresh` reports it (drift: `stale`), and the next `up` mints a
 * new one the hub accepts; an `up` run after the recorded expiry mints one without a refresh.
 * The hub's own TokenReview judges every token. Expiry is reached by running the Pulumi processes
 * with their wall clock 11 minutes ahead (test/support/clock-ahead.cjs) on a 600 s token, the
 * shortest a TokenRequest grants.
 */
const SA = "ksits-token-expiry-e2e";
const NS = "open-cluster-management";
let env: Record<string, string>;
let dir: string;
let stack: Stack;

/** The hub's verdict on `token`: a TokenReview by the sandbox's admin. */
function review(token: string): { authenticated?: boolean; error?: string } {
  const body = JSON.stringify({
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenReview",
    spec: { token },
  });
  return (JSON.parse(kubectl(env, "hub", ["create", "-f", "-", "-o", "json"], body)) as { status: never })
    .status;
}

/**
 * The token (a stack output of the last up) and the resource's `expiresAt` and `stale` as the
 * state records them (a refresh updates the state, not the stack outputs).
 */
async function outputs(): Promise<{ token: string; expiresAt: string; stale?: string }> {
  const state = (await stack.exportStack()).deployment as {
    resources: { type: string; outputs: Record<string, unknown> }[];
  };
  const r = state.resources.find((x) => x.type === "pulumi-nodejs:dynamic/kubestellar-its:BootstrapToken");
  return {
    token: (await stack.outputs()).token?.value as string,
    expiresAt: r!.outputs.expiresAt as string,
    stale: r!.outputs.stale as string | undefined,
  };
}

/** Every file of the stack's state, to prove the token never appears in it in plain text. */
function stateText(): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [readFileSync(join(d, e.name), "utf8")],
    );
  return walk(join(dir, "state")).join("\n");
}

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-token-expiry-"));
  mkdirSync(join(dir, "state"));
  kubectl(env, "hub", ["create", "serviceaccount", SA, "-n", NS]);
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  stack = await inlineStack(
    env,
    { project: "ksits-token-expiry", stack: "t", stateDir: join(dir, "state") },
    () => {
      const t = new BootstrapToken("join", {
        kubeconfig: pulumi.secret(hub),
        serviceAccount: SA,
        expirationSeconds: 600,
      });
      return { token: t.token, expiresAt: t.expiresAt, stale: t.stale };
    },
  );
}, 300_000);

afterAll(async () => {
  try {
    await stack?.destroy().catch(() => undefined);
  } finally {
    kubectl(env, "hub", ["delete", "serviceaccount", SA, "-n", NS, "--ignore-not-found"]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

it("refresh reports a token the hub rejects, and the next up mints one it accepts", async () => {
  expect((await stack.up()).summary.result).toBe("succeeded");
  const first = await outputs();
  expect(review(first.token).authenticated).toBe(true);
  expect(Date.parse(first.expiresAt) - Date.now()).toBeGreaterThan(500_000);
  expect(first.stale).toBeUndefined();

  // A refresh of a live token changes nothing.
  expect((await stack.refresh()).summary.resourceChanges?.update ?? 0).toBe(0);

  // The ServiceAccount is recreated: its old tokens are dead (bound to the old UID).
  kubectl(env, "hub", ["delete", "serviceaccount", SA, "-n", NS]);
  kubectl(env, "hub", ["create", "serviceaccount", SA, "-n", NS]);
  // The API server's ServiceAccount cache takes a moment to see the new UID.
  await eventually(
    "the hub to reject the first token",
    () => review(first.token).authenticated !== true,
    60_000,
  );
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges?.update).toBe(1);
  const drifted = await outputs();
  expect(drifted.stale).toMatch(/^the hub no longer accepts the token \(TokenReview: .+\)$/);
  console.log(`[token-expiry] refresh after the ServiceAccount was recreated: stale = ${drifted.stale}`);

  const preview = await stack.preview({ diff: true });
  expect(preview.changeSummary.replace).toBe(1);
  expect(preview.stdout).not.toContain(first.token);
  expect((await stack.up()).summary.resourceChanges?.replace).toBe(1);
  const second = await outputs();
  expect(second.token).not.toBe(first.token);
  expect(second.stale).toBeUndefined();
  expect(review(second.token).authenticated).toBe(true);
  expect((await stack.preview()).changeSummary.replace ?? 0).toBe(0);
  const state = stateText();
  for (const token of [first.token, second.token]) expect(state).not.toContain(token);
}, 600_000);

it("after its expiry, refresh reports the token stale and up mints a new one, with or without the refresh", async () => {
  const before = await outputs();
  // 11 minutes later, for the Pulumi program and the provider host: the 600 s token has expired.
  const vars = stack.workspace.envVars;
  vars.NODE_OPTIONS =
    `${env.NODE_OPTIONS ?? ""} --require ${join(ROOT, "test", "support", "clock-ahead.cjs")}`.trim();
  vars.KSITS_TEST_CLOCK_AHEAD_SECONDS = "660";
  try {
    // Without a refresh: the recorded expiry has passed, so up replaces the token.
    const preview = await stack.preview();
    expect(preview.changeSummary.replace).toBe(1);
    expect((await stack.up()).summary.resourceChanges?.replace).toBe(1);
    const renewed = await outputs();
    expect(renewed.token).not.toBe(before.token);
    expect(review(renewed.token).authenticated).toBe(true);
    // Its expiry is 600 s after a mint the hub dated by its own (real) clock.
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(before.expiresAt));

    // With a refresh 11 more minutes on: it reports the expiry (drift), then up mints again.
    vars.KSITS_TEST_CLOCK_AHEAD_SECONDS = "1320";
    expect((await stack.refresh()).summary.resourceChanges?.update).toBe(1);
    expect((await outputs()).stale).toBe(`the token expired at ${renewed.expiresAt}`);
    expect((await stack.up()).summary.resourceChanges?.replace).toBe(1);
    const third = await outputs();
    expect(review(third.token).authenticated).toBe(true);
    expect(third.stale).toBeUndefined();
  } finally {
    delete vars.NODE_OPTIONS;
    delete vars.KSITS_TEST_CLOCK_AHEAD_SECONDS;
  }
}, 600_000);
