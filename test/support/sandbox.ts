import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { execFile, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isolateEngineConnections } from "./engine-connections";

/** Helpers of the sandbox-backed suites (test/e2e, test/reliability/*.e2e.test.ts). */

/** The project root: the Pulumi project the e2e suite drives. */
export const ROOT = join(__dirname, "..", "..");
const CACHE = process.env.KSITS_CACHE ?? join(homedir(), ".cache", "kubestellar-its");
/** Where `sandbox/up.sh` keeps kubeconfigs, logs and PIDs. */
export const SANDBOX = process.env.KSITS_SANDBOX ?? join(CACHE, "sandbox");

/** The environment `sandbox/pulumi-env.sh` sets up: private PULUMI_HOME, PATH, offline flags. */
export function pulumiEnv(): Record<string, string> {
  const out = execFileSync("bash", ["-c", `source "${ROOT}/sandbox/pulumi-env.sh" >/dev/null && env -0`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const env: Record<string, string> = {};
  for (const entry of out.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/**
 * The user a sandbox WEC's registration agent joins with: its own ServiceAccount
 * `open-cluster-management/sandbox-join-<wec>` (sandbox/up.sh). Declared as the WEC's
 * `joinIdentity`, it is the only requester whose CSRs the library approves for that WEC.
 */
export function sandboxJoinIdentity(wec: string): string {
  return `system:serviceaccount:open-cluster-management:sandbox-join-${wec}`;
}

/**
 * Makes sure each sandbox WEC's agent holds a hub certificate, approving (as a hub admin would
 * by hand) a pending CSR its own join identity filed with `kubectl certificate approve`. For
 * programs of releases before 0.4.0, which approve only the shared bootstrap identity's CSRs.
 */
export async function certifySandboxAgents(
  env: Record<string, string>,
  wecs: readonly string[],
): Promise<void> {
  for (const wec of wecs) {
    await eventually(`an approved CSR of ${wec}'s agent`, () => {
      const csrs = (getJson(env, "hub", ["csr", "-l", `open-cluster-management.io/cluster-name=${wec}`])
        ?.items ?? []) as {
        metadata: { name: string };
        spec: { username: string };
        status?: { conditions?: { type: string }[] };
      }[];
      const own = csrs.filter((c) => c.spec.username === sandboxJoinIdentity(wec));
      if (own.some((c) => (c.status?.conditions ?? []).some((x) => x.type === "Approved"))) return true;
      for (const c of own.filter((c) => (c.status?.conditions ?? []).length === 0))
        kubectl(env, "hub", ["certificate", "approve", c.metadata.name]);
      return false;
    });
  }
}

export function kubeconfigPath(cluster: string): string {
  return join(SANDBOX, "kubeconfigs", `${cluster}.kubeconfig`);
}

/** Runs the sandbox's kubectl against `cluster` (`hub`, `wec1`, ...) and returns stdout. */
export function kubectl(
  env: Record<string, string>,
  cluster: string,
  args: readonly string[],
  input?: string,
): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfigPath(cluster), ...args], {
    env,
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/**
 * `kubectl` without blocking this process: for calls that take long (thousands of objects), which
 * would otherwise stall vitest's worker (its RPC times out after a minute) and any inline
 * program's language host in this process.
 */
export function kubectlAsync(
  env: Record<string, string>,
  cluster: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "kubectl",
      ["--kubeconfig", kubeconfigPath(cluster), ...args],
      { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`kubectl ${args[0]}: ${stderr || err.message}`)) : resolve(stdout),
    );
    child.stdin?.end(input ?? "");
  });
}

/** The object as JSON, or undefined when it (or its kind) does not exist. */
export function getJson(env: Record<string, string>, cluster: string, args: readonly string[]): any {
  try {
    return JSON.parse(kubectl(env, cluster, ["get", ...args, "-o", "json"]));
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? e);
    // Not there, or its kind is not served (yet): the object does not exist either way.
    if (stderr.includes("NotFound") || stderr.includes("doesn't have a resource type")) return undefined;
    throw e;
  }
}

/**
 * Polls `probe` until it returns true, or fails after `timeoutMs` with `what` and, when given,
 * what `explain` reports at that moment (a CI log is all a flaky run leaves behind).
 */
export async function eventually(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 120_000,
  explain?: () => string,
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await probe()) return;
    if (Date.now() - start > timeoutMs) {
      let why = "";
      try {
        why = explain === undefined ? "" : `\n${explain()}`;
      } catch (e) {
        why = `\n(explaining failed: ${String(e).slice(0, 300)})`;
      }
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * The transport as it stands for one WEC, for a failed wait's message: its ManagedCluster, the
 * ManifestWorks in its mailbox (metadata and conditions only: specs may carry Secrets), and the
 * AppliedManifestWorks its work agent keeps on the WEC.
 */
export function transportPicture(env: Record<string, string>, wec: string): string {
  const lines: string[] = [];
  const when = (m: { deletionTimestamp?: string }) =>
    m.deletionTimestamp === undefined ? "" : ` deleting since ${m.deletionTimestamp}`;
  const conditions = (s: {
    conditions?: { type: string; status: string; reason?: string; observedGeneration?: number }[];
  }) =>
    (s.conditions ?? [])
      .map((c) => `${c.type}=${c.status}(${c.reason ?? ""}@${c.observedGeneration ?? "-"})`)
      .join(" ");
  const mc = getJson(env, "hub", ["managedcluster", wec]);
  lines.push(
    mc === undefined
      ? `ManagedCluster ${wec}: missing`
      : `ManagedCluster ${wec}: uid ${mc.metadata.uid} created ${mc.metadata.creationTimestamp}${when(mc.metadata)} hubAcceptsClient=${mc.spec.hubAcceptsClient} ${conditions(mc.status ?? {})}`,
  );
  const works = (getJson(env, "hub", ["manifestworks", "-n", wec])?.items ?? []) as any[];
  for (const w of works)
    lines.push(
      `  ManifestWork ${w.metadata.name}: uid ${w.metadata.uid} gen ${w.metadata.generation} created ${w.metadata.creationTimestamp}${when(w.metadata)} ${conditions(w.status ?? {})}`,
    );
  const applied = (getJson(env, wec, ["appliedmanifestworks"])?.items ?? []) as any[];
  for (const a of applied)
    lines.push(
      `  AppliedManifestWork ${a.metadata.name} (work ${a.spec?.manifestWorkName}): created ${a.metadata.creationTimestamp}${when(a.metadata)}, ${(a.status?.appliedResources ?? []).length} resources, evictionStartTime ${a.status?.evictionStartTime ?? "-"}`,
    );
  return lines.join("\n");
}

/** Runs `sandbox/up.sh` (idempotent: restarts what is missing). */
export function sandboxUp(env: Record<string, string>): void {
  execFileSync("bash", [join(ROOT, "sandbox", "up.sh")], {
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
}

/**
 * `sandboxUp` without blocking this process: for a restart while a Pulumi operation of an inline
 * program (whose language host runs in this process) is under way.
 */
export function sandboxUpAsync(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [join(ROOT, "sandbox", "up.sh")], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`sandbox/up.sh exited with ${code}`)),
    );
  });
}

/** PID of a sandbox process; it leads its own process group, so signal `-pid` to reach all of it. */
export function pidOf(sandboxProcess: string): number {
  return Number(readFileSync(join(SANDBOX, "pids", `${sandboxProcess}.pid`), "utf8").trim());
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A stack of an inline program, with its state in `stateDir` (file backend) and the sandbox's
 * private Pulumi CLI. Its work dir is inside the project, so the dynamic-provider host resolves
 * node_modules, but in a folder of its own: an inline program's workspace writes Pulumi.yaml and
 * stack files there, and must never overwrite the project's.
 */
export async function inlineStack(
  env: Record<string, string>,
  where: { project: string; stack: string; stateDir: string },
  /** The program; what it returns becomes the stack's outputs. */
  program: () => void | Record<string, unknown>,
): Promise<Stack> {
  isolateEngineConnections();
  const workDir = join(ROOT, ".inline-work", `${where.project}-${where.stack}`);
  mkdirSync(workDir, { recursive: true });
  const backend = { url: `file://${where.stateDir}` };
  return LocalWorkspace.createOrSelectStack(
    { stackName: where.stack, projectName: where.project, program: () => Promise.resolve(program()) },
    {
      pulumiCommand: await sandboxPulumi(env),
      workDir,
      envVars: { ...env, PULUMI_BACKEND_URL: backend.url },
      projectSettings: { name: where.project, runtime: "nodejs", backend },
    },
  );
}

/** A stack of the project in `workDir`, with its state in `stateDir` (file backend) and the sandbox's CLI. */
export async function localStack(
  env: Record<string, string>,
  where: { workDir: string; stack: string; stateDir: string },
): Promise<Stack> {
  return LocalWorkspace.createOrSelectStack(
    { stackName: where.stack, workDir: where.workDir },
    {
      pulumiCommand: await sandboxPulumi(env),
      envVars: { ...env, PULUMI_BACKEND_URL: `file://${where.stateDir}` },
    },
  );
}

/** Stack config of the root program: one `external` ITS, the sandbox hub, already an OCM hub. */
export function sandboxItsConfig(): { value: string } {
  return {
    value: JSON.stringify([
      {
        name: "its1",
        type: "external",
        kubeconfigFile: kubeconfigPath("hub"),
        clusterManagerInstaller: "none",
      },
    ]),
  };
}

/** The Pulumi CLI the toolchain installed into the sandbox's PULUMI_HOME. */
export function sandboxPulumi(env: Record<string, string>): Promise<PulumiCommand> {
  return PulumiCommand.get({
    root: join(env.PULUMI_HOME!, "versions", env.KSITS_PULUMI_VERSION!),
    skipVersionCheck: true,
  });
}

/** Every file under `root`, recursively: e.g. a file backend's state, scanned for canaries. */
export function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((f) => {
    const p = join(root, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Installs a packed library into a user's project with the SDKs the sandbox's engine serves
 * (the dev pins of package.json); `packages` adds or overrides (`name` → version).
 */
export function installIntoProject(
  project: string,
  tarball: string,
  packages: Record<string, string> = {},
): void {
  const dev = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies as Record<
    string,
    string
  >;
  const versions: Record<string, string> = {
    "@pulumi/pulumi": dev["@pulumi/pulumi"]!,
    "@pulumi/kubernetes": dev["@pulumi/kubernetes"]!,
    "@pulumi/command": dev["@pulumi/command"]!,
    ...packages,
  };
  execFileSync(
    "npm",
    [
      "install",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      tarball,
      ...Object.entries(versions).map(([name, version]) => `${name}@${version}`),
    ],
    { cwd: project, stdio: "inherit" },
  );
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for a process the test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
