import { parse } from "yaml";

/** The cluster a kubeconfig talks to: what a bootstrap kubeconfig or a hub URL is derived from. */
export interface KubeconfigCluster {
  /** The `cluster.server` URL. */
  readonly server: string;
  /** `cluster.certificate-authority-data` (base64 PEM), when present. */
  readonly caData?: string;
}

interface Named<T> {
  name?: unknown;
  cluster?: T;
  context?: T;
}

function asList<T>(value: unknown): Named<T>[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === "object") as Named<T>[]) : [];
}

/**
 * The cluster of a kubeconfig's current context (or of its only cluster when no context is
 * current). Throws an error that never quotes the kubeconfig, which is a credential.
 */
export function kubeconfigCluster(kubeconfig: string): KubeconfigCluster {
  let doc: unknown;
  try {
    doc = parse(kubeconfig);
  } catch {
    throw new Error("kubeconfig is not valid YAML");
  }
  if (doc === null || typeof doc !== "object") throw new Error("kubeconfig is not a YAML mapping");
  const config = doc as Record<string, unknown>;
  const clusters = asList<Record<string, unknown>>(config.clusters);
  const contexts = asList<Record<string, unknown>>(config.contexts);
  const current = config["current-context"];
  let clusterName: unknown;
  if (typeof current === "string" && current !== "") {
    const context = contexts.find((c) => c.name === current);
    if (context === undefined)
      throw new Error(`kubeconfig's current-context "${current}" is not in contexts`);
    clusterName = context.context?.cluster;
  } else if (clusters.length === 1) {
    clusterName = clusters[0]?.name;
  } else {
    throw new Error("kubeconfig has no current-context and more than one cluster");
  }
  const entry = clusters.find((c) => c.name === clusterName)?.cluster;
  if (entry === undefined) throw new Error(`kubeconfig has no cluster named ${JSON.stringify(clusterName)}`);
  const server = entry.server;
  if (typeof server !== "string" || server === "") {
    throw new Error(`kubeconfig cluster ${JSON.stringify(clusterName)} has no server`);
  }
  const ca = entry["certificate-authority-data"];
  return typeof ca === "string" && ca !== "" ? { server, caData: ca } : { server };
}
