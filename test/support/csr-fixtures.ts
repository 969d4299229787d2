import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLUSTER_NAME_LABEL } from "../../src/kube/labels";
import type { CsrInfo } from "../../src/wec/acceptance";

const DIR = join(__dirname, "..", "fixtures", "csr");

/** `spec.request` as the API returns it (base64 of the PEM) for a fixture in test/fixtures/csr. */
export function csrRequest(fixture: string): string {
  return readFileSync(join(DIR, `${fixture}.csr`)).toString("base64");
}

/**
 * A CSR as OCM's registration agent files it for `cluster` (a real OpenSSL request with the
 * agent's subject for wec1 or wec2), with the fields given overridden.
 */
export function agentCsr(p: { name: string; username: string; cluster: string } & Partial<CsrInfo>): CsrInfo {
  const { name, username, cluster, ...over } = p;
  return {
    name,
    username,
    labels: { [CLUSTER_NAME_LABEL]: cluster },
    conditions: [],
    signerName: "kubernetes.io/kube-apiserver-client",
    usages: ["digital signature", "key encipherment", "client auth"],
    request: csrRequest(cluster === "wec2" ? "agent-wec2" : "agent-wec1"),
    ...over,
  };
}
