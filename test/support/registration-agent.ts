import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTokenKubeconfig, kubeconfigCluster } from "../../src/kube/kubeconfig";
import { freePort, kubeconfigPath, kubectl, SANDBOX } from "./sandbox";

/** A real OCM registration agent (the toolchain's `registration agent`) run as a process. */
export interface RegistrationAgent {
  /** Where it writes the hub kubeconfig once a CSR of its own is approved. */
  readonly hubKubeconfigDir: string;
  stop(): void;
}

/**
 * Starts the toolchain's registration agent for `clusterName` with `bootstrapKubeconfig` (a file),
 * its spoke being the sandbox cluster `spoke` (its objects in `namespace` there), logging to the
 * sandbox's logs as `<logName>.log`. What the klusterlet operator would run, minus the pod.
 */
export async function startRegistrationAgent(
  env: Record<string, string>,
  p: {
    clusterName: string;
    bootstrapKubeconfig: string;
    spoke: string;
    namespace: string;
    workDir: string;
    logName: string;
    /**
     * The Secret on the spoke it keeps its hub kubeconfig in. The agent keeps it in
     * `open-cluster-management-agent` whatever its `--namespace`, so agents sharing one spoke need
     * names of their own, or each reads the others' certificates. @default "hub-kubeconfig-secret"
     */
    hubKubeconfigSecret?: string;
  },
): Promise<RegistrationAgent> {
  const hubKubeconfigDir = join(p.workDir, `${p.logName}-hub-kubeconfig`);
  mkdirSync(hubKubeconfigDir, { recursive: true });
  kubectl(
    env,
    p.spoke,
    ["apply", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: p.namespace } }),
  );
  const spokeServer = /server: (\S+)/.exec(readFileSync(kubeconfigPath(p.spoke), "utf8"))![1]!;
  const log = openSync(join(SANDBOX, "logs", `${p.logName}.log`), "a");
  const agent: ChildProcess = spawn(
    "registration",
    [
      "agent",
      "--cluster-name",
      p.clusterName,
      "--kubeconfig",
      kubeconfigPath(p.spoke),
      "--bootstrap-kubeconfig",
      p.bootstrapKubeconfig,
      "--hub-kubeconfig-dir",
      hubKubeconfigDir,
      "--hub-kubeconfig-secret",
      p.hubKubeconfigSecret ?? "hub-kubeconfig-secret",
      "--spoke-external-server-urls",
      spokeServer,
      "--namespace",
      p.namespace,
      "--listen",
      `127.0.0.1:${await freePort()}`,
      "--disable-leader-election",
    ],
    { env, detached: true, stdio: ["ignore", log, log] },
  );
  return {
    hubKubeconfigDir,
    stop: () => {
      if (agent.pid !== undefined && agent.exitCode === null) process.kill(-agent.pid, "SIGKILL");
    },
  };
}

/**
 * A bootstrap kubeconfig file for the hub holding a fresh token of ServiceAccount
 * `open-cluster-management/<serviceAccount>` (created, with OCM's bootstrap ClusterRole bound to
 * it, when missing). Returns the file's path.
 */
export function bootstrapKubeconfigFor(
  env: Record<string, string>,
  serviceAccount: string,
  file: string,
): string {
  kubectl(
    env,
    "hub",
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: { name: serviceAccount, namespace: "open-cluster-management" },
        },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: `open-cluster-management:bootstrap:${serviceAccount}` },
          roleRef: {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "open-cluster-management:bootstrap",
          },
          subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace: "open-cluster-management" }],
        },
      ],
    }),
  );
  const token = kubectl(env, "hub", [
    "-n",
    "open-cluster-management",
    "create",
    "token",
    serviceAccount,
    "--duration",
    "1h",
  ]).trim();
  const hub = kubeconfigCluster(readFileSync(kubeconfigPath("hub"), "utf8"));
  writeFileSync(file, buildTokenKubeconfig({ server: hub.server, caData: hub.caData, token }), {
    mode: 0o600,
  });
  return file;
}
