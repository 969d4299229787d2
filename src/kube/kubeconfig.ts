import { parse, stringify } from "yaml";

/**
 * The one kubeconfig reader and writer of the library. Reading follows `@kubernetes/client-node`,
 * which every provider connects with: the cluster is the one of `current-context`, and without a
 * current context there is none (client-node would then have no cluster to call). Messages never
 * quote the kubeconfig, which is a credential.
 */

/** The cluster a kubeconfig talks to: what a bootstrap kubeconfig or a hub URL is derived from. */
export interface KubeconfigCluster {
  /** The `cluster.server` URL. */
  readonly server: string;
  /** `cluster.certificate-authority-data` (base64 PEM), when present. */
  readonly caData?: string;
}

interface Named {
  name?: unknown;
  cluster?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

function entries(value: unknown): Named[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === "object") as Named[]) : [];
}

/** The cluster of the kubeconfig's current context, or why there is none. */
export function readKubeconfig(kubeconfig: string): KubeconfigCluster | { readonly problem: string } {
  let doc: unknown;
  try {
    doc = parse(kubeconfig);
  } catch {
    return { problem: "kubeconfig is not valid YAML" };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return { problem: "kubeconfig is not a YAML mapping" };
  const config = doc as Record<string, unknown>;
  const current = config["current-context"];
  if (typeof current !== "string" || current === "") return { problem: "kubeconfig has no current-context" };
  const context = entries(config.contexts).find((c) => c.name === current);
  if (context === undefined)
    return { problem: `kubeconfig's current-context "${current}" is not in contexts` };
  const clusterName = context.context?.cluster;
  const entry = entries(config.clusters).find((c) => c.name === clusterName)?.cluster;
  if (entry === undefined)
    return { problem: `kubeconfig has no cluster named ${JSON.stringify(clusterName)}` };
  const server = entry.server;
  if (typeof server !== "string" || server === "")
    return { problem: `kubeconfig cluster ${JSON.stringify(clusterName)} has no server` };
  const ca = entry["certificate-authority-data"];
  return typeof ca === "string" && ca !== "" ? { server, caData: ca } : { server };
}

/** The cluster of the kubeconfig's current context; throws `readKubeconfig`'s problem. */
export function kubeconfigCluster(kubeconfig: string): KubeconfigCluster {
  const read = readKubeconfig(kubeconfig);
  if ("problem" in read) throw new Error(read.problem);
  return read;
}

/**
 * The API server URL of the kubeconfig's current context: what identifies the cluster, while
 * credentials in the same file may rotate. Undefined when `readKubeconfig` finds no cluster.
 */
export function kubeconfigServer(kubeconfig: string): string | undefined {
  const read = readKubeconfig(kubeconfig);
  return "problem" in read ? undefined : read.server;
}

export interface TokenKubeconfigInput {
  readonly server: string;
  /** Base64 PEM of the API server's CA; omitted means the system trust store. */
  readonly caData?: string;
  readonly token: string;
  /** Name used for the cluster, user and context entries. @default "hub" */
  readonly name?: string;
}

/** A single-context kubeconfig with bearer-token auth (what `clusteradm join` writes for bootstrap). */
export function buildTokenKubeconfig(p: TokenKubeconfigInput): string {
  const name = p.name ?? "hub";
  const cluster: Record<string, string> = { server: p.server };
  if (p.caData !== undefined) cluster["certificate-authority-data"] = p.caData;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: p.token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
  });
}
