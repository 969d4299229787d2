import { parse } from "yaml";

/**
 * The API server URL of a kubeconfig's current context: what identifies the cluster, while
 * credentials in the same file may rotate. Returns undefined when it cannot be determined.
 */
export function kubeconfigServer(kubeconfig: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(kubeconfig);
  } catch {
    return undefined;
  }
  const kc = doc as {
    "current-context"?: string;
    contexts?: { name?: string; context?: { cluster?: string } }[];
    clusters?: { name?: string; cluster?: { server?: string } }[];
  } | null;
  if (kc === null || typeof kc !== "object") return undefined;
  const ctx = kc.contexts?.find((c) => c.name === kc["current-context"]) ?? kc.contexts?.[0];
  const cluster = kc.clusters?.find((c) => c.name === ctx?.context?.cluster) ?? kc.clusters?.[0];
  return cluster?.cluster?.server;
}
