import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  filesUnder,
  getJson,
  kubeconfigPath,
  localStack,
  pulumiEnv,
  ROOT,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * The components from other languages (issue 26): the component provider's plugin folder built
 * from this checkout and installed with `pulumi plugin install --file`; the Pulumi YAML and Python
 * programs of docs/examples, each copied to a folder with no node_modules, run by language hosts
 * built from Go modules (sandbox/languages-build.sh) on the sandbox's engine. Each: `up` delivers
 * the templated workload to both WECs with each WEC's own value, a preview of the unchanged
 * program has no changes, an edit of one field of the workload reaches both WECs, `destroy`
 * removes everything; the hub kubeconfig's credentials never appear in the state.
 */
const WECS = ["wec1", "wec2"];
const REGIONS: Record<string, string> = { wec1: "us-east-1", wec2: "us-west-2" };
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

let env: Record<string, string>;
let dir: string;
let languages: string;
const log: string[] = [];
const onOutput = (line: string) => log.push(line);

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}, cwd = ROOT): string {
  return execFileSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function works(wec: string): string[] {
  const list = getJson(env, "hub", ["manifestworks", "-n", wec]) as
    { items: { metadata: { name: string } }[] } | undefined;
  return (list?.items ?? []).map((w) => w.metadata.name);
}

function settings(wec: string): Record<string, string> | undefined {
  return (
    getJson(env, wec, ["configmap", "app-settings", "-n", "app"]) as
      { data?: Record<string, string> } | undefined
  )?.data;
}

/**
 * The hub kubeconfig's credentials (its client key, its token): none may appear in a state file in
 * plain text. 40 characters from the middle of each: a PEM's base64 starts and ends alike for
 * every key.
 */
function hubCredentials(): string[] {
  const text = readFileSync(kubeconfigPath("hub"), "utf8");
  const found = [...text.matchAll(/(?:client-key-data|token):\s*(\S+)/g)].map((m) =>
    m[1]!.slice(Math.floor(m[1]!.length / 2), Math.floor(m[1]!.length / 2) + 40),
  );
  expect(found.length).toBeGreaterThan(0);
  return found;
}

beforeAll(() => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-multilang-"));
  languages = run("bash", [join(ROOT, "sandbox", "languages-build.sh"), "--print-dir"]).trim();
  const plugin = run("bash", [join(ROOT, "provider", "build-plugin.sh"), join(dir, "plugin")])
    .trim()
    .split("\n")
    .pop()!;
  run("pulumi", [
    "plugin",
    "install",
    "resource",
    "kubestellar-its",
    VERSION,
    "--file",
    plugin,
    "--reinstall",
  ]);
  // The language hosts and the Python venv built from pinned modules; this checkout's generated
  // SDK is installed beside it (a target folder on PYTHONPATH: the cached venv stays as built).
  const pythonSdk = join(dir, "python-sdk");
  env = {
    ...env,
    PATH: `${join(languages, "venv", "bin")}:${join(languages, "bin")}:${env.PATH}`,
    VIRTUAL_ENV: join(languages, "venv"),
    PYTHONPATH: pythonSdk,
  };
  cpSync(join(ROOT, "sdk", "python"), join(dir, "python-sdk-src"), { recursive: true });
  run("python", [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--no-deps",
    "--no-build-isolation",
    "--no-index",
    "--target",
    pythonSdk,
    join(dir, "python-sdk-src"),
  ]);
}, 600_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  {
    language: "yaml",
    joinConfig: (s: Stack) =>
      // One `pulumi config set-all`: two `config set` at once rewrite the stack file and lose values.
      s.setAllConfig(
        Object.fromEntries(WECS.map((w) => [`${w}JoinIdentity`, { value: sandboxJoinIdentity(w) }])),
      ),
  },
  {
    language: "python",
    joinConfig: (s: Stack) =>
      s.setConfig("joinIdentities", {
        value: JSON.stringify(Object.fromEntries(WECS.map((w) => [w, sandboxJoinIdentity(w)]))),
      }),
  },
])("docs/examples/$language on the sandbox, through the component provider", ({ language, joinConfig }) => {
  let project: string;
  let state: string;
  const stack = () => localStack(env, { workDir: project, stack: "dev", stateDir: state });

  beforeAll(async () => {
    project = join(dir, language, "project");
    state = join(dir, language, "state");
    mkdirSync(state, { recursive: true });
    cpSync(join(ROOT, "docs", "examples", language), project, { recursive: true });
    const s = await stack();
    await s.setConfig("hubKubeconfig", { value: readFileSync(kubeconfigPath("hub"), "utf8"), secret: true });
    await joinConfig(s);
  }, 120_000);

  it("up: both WECs accepted, the templated workload Applied on both with each WEC's value", async () => {
    const up = await (await stack()).up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs["selected"]!.value).toEqual(WECS);
    for (const wec of WECS) {
      expect(works(wec)).toEqual(["app-0"]);
      await eventually(`app-settings on ${wec}`, () => settings(wec) !== undefined);
      expect(settings(wec)).toEqual({ region: REGIONS[wec], greeting: `served from ${REGIONS[wec]}` });
    }
    const leaked = hubCredentials().filter((c) =>
      filesUnder(state).some((f) => readFileSync(f, "utf8").includes(c)),
    );
    expect(leaked).toEqual([]);
    expect(hubCredentials().filter((c) => log.join("\n").includes(c))).toEqual([]);
  });

  it("preview of the unchanged program reports no changes", async () => {
    const preview = await (await stack()).preview({ expectNoChanges: true, onOutput });
    expect(preview.changeSummary["same"]).toBeGreaterThan(0);
  });

  it("an edit of one field of the workload reaches both WECs", async () => {
    const file = join(project, "workloads", "app.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("served from", "now served from"));
    const up = await (await stack()).up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      await eventually(
        `the new greeting on ${wec}`,
        () => settings(wec)?.["greeting"] === `now served from ${REGIONS[wec]}`,
      );
      expect(works(wec)).toEqual(["app-0"]);
    }
  });

  it("a Secret workload reaches both WECs and its value is in no state file and no output", async () => {
    const file = join(project, "workloads", "app.yaml");
    const canary = `ksits-canary-${language}-${Date.now()}`;
    writeFileSync(
      file,
      `${readFileSync(file, "utf8")}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: app\nstringData:\n  password: ${canary}\n`,
    );
    const before = log.length;
    const up = await (await stack()).up({ onOutput, diff: true });
    expect(up.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      await eventually(
        `the Secret on ${wec}`,
        () => getJson(env, wec, ["secret", "app-credentials", "-n", "app"]) !== undefined,
      );
    }
    const base64 = Buffer.from(canary).toString("base64");
    const seen = [canary, base64].filter(
      (c) =>
        log.slice(before).join("\n").includes(c) ||
        filesUnder(state).some((f) => readFileSync(f, "utf8").includes(c)),
    );
    expect(seen).toEqual([]);
  });

  it("refresh finds no drift", async () => {
    const refresh = await (await stack()).refresh({ expectNoChanges: true, onOutput });
    expect(refresh.summary.result).toBe("succeeded");
  });

  it("destroy removes the works and the ManagedClusters", async () => {
    const s = await stack();
    const destroy = await s.destroy({ onOutput });
    expect(destroy.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      expect(works(wec)).toEqual([]);
      expect(getJson(env, "hub", ["managedcluster", wec])).toBeUndefined();
    }
    await s.workspace.removeStack("dev");
  });
});

describe("a Pulumi YAML program with bad inputs", () => {
  it("fails at preview naming every bad property and its value, with no stack trace, and creates nothing", async () => {
    const project = join(dir, "bad-yaml", "project");
    const state = join(dir, "bad-yaml", "state");
    mkdirSync(state, { recursive: true });
    cpSync(join(ROOT, "docs", "examples", "yaml"), project, { recursive: true });
    const file = join(project, "Pulumi.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "      its: ${its1}\n      labels:",
        "      its: ${its1}\n      clusterName: Bad_Name\n      leaseDurationSeconds: -4\n      labels:",
      ),
    );
    const s = await localStack(env, { workDir: project, stack: "dev", stateDir: state });
    await s.setConfig("hubKubeconfig", { value: readFileSync(kubeconfigPath("hub"), "utf8"), secret: true });
    for (const w of WECS) await s.setConfig(`${w}JoinIdentity`, { value: sandboxJoinIdentity(w) });
    const out: string[] = [];
    const error = await s.preview({ onOutput: (l) => out.push(l) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const text = out.join("\n");
    expect(text).toContain('clusterName: "Bad_Name" must be a DNS-1123 label');
    expect(text).toContain("leaseDurationSeconds: Number must be greater than 0; got -4");
    expect(text).not.toMatch(/ at .*\.js:\d+/);
    expect(getJson(env, "hub", ["managedcluster", "wec1"])).toBeUndefined();
    await s.workspace.removeStack("dev");
  });
});

describe("a Pulumi YAML program's first preview without the hub", () => {
  it("plans from the inputs (a new binding reads nothing from the hub) and creates nothing", async () => {
    const project = join(dir, "no-hub-yaml", "project");
    const state = join(dir, "no-hub-yaml", "state");
    mkdirSync(state, { recursive: true });
    cpSync(join(ROOT, "docs", "examples", "yaml"), project, { recursive: true });
    const s = await localStack(env, { workDir: project, stack: "dev", stateDir: state });
    const unreachable = readFileSync(kubeconfigPath("hub"), "utf8").replace(
      /server: \S+/,
      "server: https://127.0.0.1:1",
    );
    await s.setConfig("hubKubeconfig", { value: unreachable, secret: true });
    for (const w of WECS) await s.setConfig(`${w}JoinIdentity`, { value: sandboxJoinIdentity(w) });
    const out: string[] = [];
    const preview = await s.preview({ onOutput: (l) => out.push(l) });
    const text = out.join("\n");
    expect(preview.changeSummary["create"]).toBeGreaterThan(0);
    // Before: "listing ManifestWorks in wec1: … ECONNREFUSED (gave up after 10 attempts)".
    expect(text).not.toContain("gave up after");
    expect(text).not.toContain("error:");
    expect(getJson(env, "hub", ["managedcluster", "wec1"])).toBeUndefined();
    await s.workspace.removeStack("dev");
  });
});
