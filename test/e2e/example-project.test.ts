import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  getJson,
  installIntoProject,
  kubeconfigPath,
  localStack,
  pulumiEnv,
  ROOT,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * examples/platform as a user runs it: the packed library installed into the project beside the
 * newest @pulumi/pulumi, the kubernetes SDK the sandbox's engine serves and a conflicting
 * @kubernetes/client-node major (the program's own, 0.x); `up` and a no-change `preview` at one
 * path, then the project moved to another path (the first one deleted, as a GitOps runner's
 * checkout would be) for `refresh` and `destroy`.
 */
const WECS = ["wec1", "wec2"];
const NEWEST_PULUMI_SDK = "3.276.0";
const REGIONS: Record<string, string> = { wec1: "us-east-1", wec2: "us-west-2" };
let env: Record<string, string>;
let dir: string;
let first: string;
let second: string;
let state: string;
const log: string[] = [];
const onOutput = (line: string) => log.push(line);

function stackAt(workDir: string): Promise<Stack> {
  return localStack(env, { workDir, stack: "dev", stateDir: state });
}

function works(wec: string): string[] {
  const list = getJson(env, "hub", ["manifestworks", "-n", wec]) as { items: any[] } | undefined;
  return (list?.items ?? []).map((w) => w.metadata.name as string);
}

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-example-"));
  first = join(dir, "checkout-1", "platform");
  second = join(dir, "checkout-2", "platform");
  state = join(dir, "state");
  mkdirSync(state);
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, stdio: "ignore" });
  const tarball = join(
    dir,
    readdirSync(dir).find((f) => f.startsWith("kubestellar-its-"))!,
  );
  cpSync(join(ROOT, "examples", "platform"), first, { recursive: true });
  // The newest @pulumi/pulumi published when this was written (the dev pin, the peer floor, is
  // what the other e2e files run), and the kubernetes SDK whose plugin the sandbox builds: the
  // engine loads exactly the plugin version the SDK asks for.
  installIntoProject(first, tarball, {
    "@pulumi/pulumi": NEWEST_PULUMI_SDK,
    "@kubernetes/client-node": "0.22.3",
  });
  const stack = await stackAt(first);
  await stack.setConfig("hubKubeconfig", {
    value: readFileSync(kubeconfigPath("hub"), "utf8"),
    secret: true,
  });
  await stack.setConfig("joinIdentities", {
    value: JSON.stringify({ wec1: sandboxJoinIdentity("wec1"), wec2: sandboxJoinIdentity("wec2") }),
  });
}, 600_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("examples/platform, installed from the packed library, on the sandbox", () => {
  it("up: both WECs accepted and joined, the templated workload Applied on both", async () => {
    const up = await (await stackAt(first)).up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.selected!.value).toEqual(WECS);
    expect(up.outputs.joined!.value).toEqual(WECS.map((w) => [w, true]));
    for (const wec of WECS) {
      expect(works(wec)).toEqual(["app-0"]);
      await eventually(
        `app-settings on ${wec}`,
        () => getJson(env, wec, ["configmap", "app-settings", "-n", "app"]) !== undefined,
      );
      expect(getJson(env, wec, ["configmap", "app-settings", "-n", "app"]).data).toEqual({
        region: REGIONS[wec],
        greeting: `served from ${REGIONS[wec]}`,
      });
    }
  });

  it("preview of the unchanged program reports no changes", async () => {
    const preview = await (await stackAt(first)).preview({ expectNoChanges: true, onOutput });
    expect(preview.changeSummary.same).toBeGreaterThan(0);
  });

  it("moved to another path (the first deleted): refresh finds no drift, then destroy removes everything", async () => {
    cpSync(first, second, { recursive: true, verbatimSymlinks: true });
    rmSync(join(dir, "checkout-1"), { recursive: true, force: true });
    const stack = await stackAt(second);
    const refresh = await stack.refresh({ expectNoChanges: true, onOutput });
    expect(refresh.summary.result).toBe("succeeded");
    const destroy = await stack.destroy({ onOutput });
    expect(destroy.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      expect(works(wec)).toEqual([]);
      expect(getJson(env, "hub", ["managedcluster", wec])).toBeUndefined();
    }
    await stack.workspace.removeStack("dev");
  });
});
