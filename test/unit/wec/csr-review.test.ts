import { describe, expect, it } from "vitest";
import { csrSubject } from "../../../src/wec/csr-subject";
import { csrRefusal, reviewCsrs } from "../../../src/wec/csr-review";
import type { CsrPolicy } from "../../../src/wec/csr-review";
import { bootstrapUser } from "../../../src/hub/cluster-manager";
import { buildJoinIdentity, JOIN_IDENTITY_RULES, joinIdentityUser } from "../../../src/wec/join-identity";
import { BOOTSTRAP_RULES } from "../../../src/hub/cluster-manager";
import { agentCsr, csrRequest } from "../../support/csr-fixtures";

const P = "system:open-cluster-management:";
const policy = (over: Partial<CsrPolicy> = {}): CsrPolicy => ({
  clusterName: "wec2",
  requester: joinIdentityUser("wec2"),
  anyBootstrapIdentity: false,
  sharedBootstrapUser: bootstrapUser(),
  ...over,
});
const good = (over: Parameters<typeof agentCsr>[0] extends infer T ? Partial<T> : never = {}) =>
  agentCsr({ name: "c", username: joinIdentityUser("wec2"), cluster: "wec2", ...over });

describe("csrSubject reads what Go's x509 reads", () => {
  it("the agent's subject (EC and RSA keys), in order", () => {
    expect(csrSubject(csrRequest("agent-wec2"))).toEqual({
      commonNames: [`${P}wec2:agent7`],
      organizations: [`${P}wec2`, `${P}managed-clusters`],
    });
    expect(csrSubject(csrRequest("agent-wec2-rsa"))?.commonNames).toEqual([`${P}wec2:rsa`]);
    expect(csrSubject(csrRequest("two-cns"))?.commonNames).toEqual([`${P}wec2:agent7`, `${P}wec2:agent8`]);
    expect(csrSubject(csrRequest("no-cn"))).toEqual({ commonNames: [], organizations: [`${P}wec2`] });
  });
  it("anything else is undefined, never a throw", () => {
    const pem = (body: string) =>
      Buffer.from(
        `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`,
      ).toString("base64");
    const two = Buffer.from(
      Buffer.from(csrRequest("agent-wec2"), "base64").toString() +
        Buffer.from(csrRequest("agent-wec1"), "base64").toString(),
    ).toString("base64");
    for (const bad of ["", "garbage", pem("AAAA"), pem("MAA="), two, "A".repeat(70_000)]) {
      expect(csrSubject(bad)).toBeUndefined();
    }
    // Truncations of a real request at every length: none decodes into a subject, none throws.
    const der = Buffer.from(
      Buffer.from(csrRequest("agent-wec2"), "base64")
        .toString()
        .replace(/-----[A-Z ]+-----|\s/g, ""),
      "base64",
    );
    let decoded = 0;
    for (let n = 0; n < der.length; n++) {
      const cut = pem(der.subarray(0, n).toString("base64"));
      if (csrSubject(cut) !== undefined) decoded++;
    }
    expect(decoded).toBe(0);
  });
});

describe("csrRefusal: OCM's approver's rules, the join identity, client auth only", () => {
  it("approves the agent's own CSR from the WEC's join identity (with or without the managed-clusters group)", () => {
    expect(csrRefusal(good(), policy())).toBeUndefined();
    expect(csrRefusal(good({ request: csrRequest("agent-wec2-no-group") }), policy())).toBeUndefined();
    expect(csrRefusal(good({ usages: ["client auth"] }), policy())).toBeUndefined();
  });
  it.each([
    [
      "another WEC's join identity",
      { username: joinIdentityUser("wec1") },
      "its requester is not this WEC's join identity",
    ],
    [
      "the shared bootstrap identity",
      { username: bootstrapUser() },
      "its requester is not this WEC's join identity",
    ],
    [
      "a bootstrap token",
      { username: "system:bootstrap:abcdef" },
      "its requester is not this WEC's join identity",
    ],
    ["an admin", { username: "kubernetes-admin" }, "its requester is not this WEC's join identity"],
    [
      "another signer",
      { signerName: "kubernetes.io/kubelet-serving" },
      "its signer is not kubernetes.io/kube-apiserver-client",
    ],
    ["server auth", { usages: ["client auth", "server auth"] }, "its usages are not client auth"],
    ["no client auth", { usages: ["digital signature"] }, "its usages are not client auth"],
    ["a CN for another cluster", { request: csrRequest("cn-other-cluster") }, "its common name is not"],
    [
      "an O for another cluster",
      { request: csrRequest("org-other-cluster") },
      "its organisations are not exactly",
    ],
    [
      "an extra organisation (system:masters)",
      { request: csrRequest("extra-org") },
      "its organisations are not exactly",
    ],
    ["two common names", { request: csrRequest("two-cns") }, "it does not have exactly one common name"],
    ["no common name", { request: csrRequest("no-cn") }, "it does not have exactly one common name"],
    ["a CN of three parts", { request: csrRequest("cn-three-parts") }, "its common name is not"],
    ["a CN with an empty agent", { request: csrRequest("cn-empty-agent") }, "its common name is not"],
    ["wec1's real request", { request: csrRequest("agent-wec1") }, "its organisations are not exactly"],
    ["no request", { request: "" }, "its request is not a PEM certificate request"],
    [
      "a label for another cluster",
      { labels: { "open-cluster-management.io/cluster-name": "wec1" } },
      "labelled for another cluster",
    ],
  ])("refuses %s", (_what, over, reason) => {
    expect(csrRefusal(good(over), policy())).toContain(reason);
  });
  it("with no join identity known, approves nothing and says what to set", () => {
    expect(csrRefusal(good(), policy({ requester: "" }))).toBe(
      "no join identity is known for this WEC (set joinIdentity, or csrApproval AnyBootstrapIdentity)",
    );
  });
  it("the opt-in is clusteradm's requester rule; the subject, signer and usages still count", () => {
    const any = policy({ anyBootstrapIdentity: true, requester: "" });
    expect(csrRefusal(good({ username: bootstrapUser() }), any)).toBeUndefined();
    expect(csrRefusal(good({ username: "system:bootstrap:x" }), any)).toBeUndefined();
    expect(csrRefusal(good({ username: "kubernetes-admin" }), any)).toBe(
      "its requester is not a bootstrap identity",
    );
    expect(
      csrRefusal(good({ username: bootstrapUser(), request: csrRequest("cn-other-cluster") }), any),
    ).toContain("its common name is not");
  });
  it("reviewCsrs: pending CSRs of the cluster split, sorted, with requester and reason; others ignored", () => {
    const out = reviewCsrs(
      [
        good({ name: "z" }),
        good({ name: "hostile", username: joinIdentityUser("wec1") }),
        good({ name: "a" }),
        good({ name: "approved", conditions: ["Approved"] }),
        agentCsr({ name: "wec1s", username: joinIdentityUser("wec1"), cluster: "wec1" }),
      ],
      policy(),
    );
    expect(out.approve.map((c) => c.name)).toEqual(["a", "z"]);
    expect(out.refused).toEqual([
      {
        name: "hostile",
        requester: joinIdentityUser("wec1"),
        reason: "its requester is not this WEC's join identity",
      },
    ]);
  });
});

describe("a WEC's join identity", () => {
  it("its own ServiceAccount, OCM's bootstrap rules with ConfigMaps narrowed to cluster-info", () => {
    const id = buildJoinIdentity("wec2");
    expect(joinIdentityUser("wec2")).toBe("system:serviceaccount:open-cluster-management:ksits-join-wec2");
    expect(id.serviceAccount.metadata).toMatchObject({
      name: "ksits-join-wec2",
      namespace: "open-cluster-management",
    });
    expect(id.clusterRoleBinding.subjects).toEqual([
      { kind: "ServiceAccount", name: "ksits-join-wec2", namespace: "open-cluster-management" },
    ]);
    expect(id.clusterRoleBinding.roleRef).toMatchObject({
      kind: "ClusterRole",
      name: id.clusterRole.metadata.name,
    });
    expect(id.clusterRole.rules).toEqual(JOIN_IDENTITY_RULES.map((r) => ({ ...r })));
    // No more than OCM's bootstrap role: every rule is one of OCM's, at most narrowed by resourceNames.
    expect(JOIN_IDENTITY_RULES.map(({ resourceNames: _, ...r }) => r)).toEqual(BOOTSTRAP_RULES);
    expect(JOIN_IDENTITY_RULES.find((r) => r.resources.includes("configmaps"))?.resourceNames).toEqual([
      "cluster-info",
    ]);
  });
});
