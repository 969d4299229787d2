import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

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

/** The object as JSON, or undefined when it does not exist. */
export function getJson(env: Record<string, string>, cluster: string, args: readonly string[]): any {
  try {
    return JSON.parse(kubectl(env, cluster, ["get", ...args, "-o", "json"]));
  } catch (e) {
    if (String((e as { stderr?: unknown }).stderr ?? e).includes("NotFound")) return undefined;
    throw e;
  }
}

/** Polls `probe` until it returns true, or fails after `timeoutMs` with `what`. */
export async function eventually(what: string, probe: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (probe()) return;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
