import { stringify } from "yaml";

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
