import { describe, expect, it } from "vitest";
import { checkWorkloadObject, identityKey, identityOf } from "../../../../src/transport/plan/objects";
import type { KubeObject } from "../../../../src/transport/plan/objects";

/** Names and shapes as the API server judges them (the e2e tier asks the real one, 196 cases). */
const reasons = (o: unknown) => checkWorkloadObject(o, "workloads[0]").map((i) => i.reason);
const obj = (apiVersion: string, kind: string, name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion,
  kind,
  metadata: { name, ...extra },
});

describe("per-kind name rules", () => {
  it.each([
    ["v1", "Namespace", "team.a", "must be a DNS-1123 label"],
    ["v1", "Service", "1web", "must be a DNS-1035 label"],
    ["v1", "ConfigMap", "a_b", "must be a DNS-1123 subdomain"],
    ["rbac.authorization.k8s.io/v1", "ClusterRole", "a/b", "may not contain '/' or '%'"],
  ])("%s %s %j is refused", (apiVersion, kind, name, why) => {
    expect(reasons(obj(apiVersion, kind, name))).toEqual([
      expect.stringContaining(`${apiVersion} ${kind} ${name}: metadata.name ${JSON.stringify(name)} ${why}`),
    ]);
  });

  it.each([
    ["rbac.authorization.k8s.io/v1", "ClusterRole", "system:aggregate-to-view"],
    ["v1", "ConfigMap", "team.a"],
    ["v1", "Namespace", "a".repeat(63)],
  ])("%s %s %j is accepted", (apiVersion, kind, name) => {
    expect(reasons(obj(apiVersion, kind, name))).toEqual([]);
  });
});

describe("metadata", () => {
  it("namespaces are labels; label keys and values and annotation keys are checked; annotations are bounded", () => {
    expect(reasons(obj("v1", "ConfigMap", "c", { namespace: "team.a" }))).toEqual([
      expect.stringContaining('metadata.namespace "team.a" must be a DNS-1123 label'),
    ]);
    expect(reasons(obj("v1", "ConfigMap", "c", { labels: { "bad key": "x", ok: "-x" } }))).toEqual([
      expect.stringContaining('label key "bad key" is invalid'),
      expect.stringContaining('label value "-x" is invalid'),
    ]);
    expect(reasons(obj("v1", "ConfigMap", "c", { annotations: { "bad key!": "any value at all" } }))).toEqual(
      [expect.stringContaining('annotation key "bad key!" is invalid')],
    );
    expect(reasons(obj("v1", "ConfigMap", "c", { annotations: { a: "x".repeat(256 * 1024) } }))).toEqual([
      expect.stringContaining("annotations take 262145 bytes; the API server allows at most 262144"),
    ]);
  });

  it("a cluster-scoped object is the same object with or without a namespace", () => {
    const a = obj("v1", "Namespace", "shop") as KubeObject;
    const b = obj("v1", "Namespace", "shop", { namespace: "default" }) as KubeObject;
    expect(identityKey(identityOf(b))).toBe(identityKey(identityOf(a)));
    const c = obj("v1", "ConfigMap", "shop", { namespace: "default" }) as KubeObject;
    expect(identityKey(identityOf(c))).not.toBe(
      identityKey(identityOf(obj("v1", "ConfigMap", "shop") as KubeObject)),
    );
  });
});

describe("what a document that is no object looks like in a message", () => {
  it("a file read by mistake is described, never echoed", () => {
    const key =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
    const [reason] = reasons(key);
    expect(reason).toBe(
      `must be a Kubernetes object (a mapping), got text of ${key.length} characters (is this file YAML of Kubernetes objects?)`,
    );
    expect(reasons([1, 2])).toEqual(["must be a Kubernetes object (a mapping), got a list of 2 items"]);
  });
});
