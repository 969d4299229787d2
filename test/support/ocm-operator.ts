import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTokenKubeconfig, kubeconfigCluster } from "../../src/kube/kubeconfig";
import { freePort, kubeconfigPath, kubectl, SANDBOX } from "./sandbox";

/** A real OCM registration operator (the toolchain's `registration-operator`) run as a process. */
export interface OcmOperator {
  /** What it logged so far. */
  log(): string;
  stop(): void;
}

/**
 * A kubeconfig file for the sandbox cluster `cluster` holding a fresh token of ServiceAccount
 * `<namespace>/<name>`: the library's own operator identity, not admin.
 */
export function serviceAccountKubeconfig(
  env: Record<string, string>,
  cluster: string,
  serviceAccount: { namespace: string; name: string },
  file: string,
): string {
  const token = kubectl(env, cluster, [
    "-n",
    serviceAccount.namespace,
    "create",
    "token",
    serviceAccount.name,
    "--duration",
    "2h",
  ]).trim();
  const c = kubeconfigCluster(readFileSync(kubeconfigPath(cluster), "utf8"));
  writeFileSync(file, buildTokenKubeconfig({ server: c.server, caData: c.caData, token }), { mode: 0o600 });
  return file;
}

/**
 * Starts `registration-operator <mode>` against a kubeconfig, as the operator's pod would run it
 * minus the pod: operator namespace `open-cluster-management` (a pod reads it from its
 * ServiceAccount mount), no leader election, its health endpoint on a free loopback port, and its
 * self-signed serving certificate in a scratch TMPDIR. Logs to the sandbox's logs as `<logName>.log`.
 */
export async function startOcmOperator(
  env: Record<string, string>,
  p: { mode: "hub" | "klusterlet"; kubeconfig: string; workDir: string; logName: string },
): Promise<OcmOperator> {
  const tmp = join(p.workDir, `${p.logName}-tmp`);
  mkdirSync(tmp, { recursive: true });
  const logFile = join(SANDBOX, "logs", `${p.logName}.log`);
  // A fresh log per start: log() answers for this run only.
  const log = openSync(logFile, "w");
  const operator: ChildProcess = spawn(
    "registration-operator",
    [
      p.mode,
      "--kubeconfig",
      p.kubeconfig,
      "--namespace",
      "open-cluster-management",
      "--disable-leader-election",
      "--listen",
      `127.0.0.1:${await freePort()}`,
    ],
    { env: { ...env, TMPDIR: tmp }, detached: true, stdio: ["ignore", log, log] },
  );
  return {
    log: () => readFileSync(logFile, "utf8"),
    stop: () => {
      if (operator.pid === undefined || operator.exitCode !== null || operator.signalCode !== null) return;
      try {
        process.kill(-operator.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}
