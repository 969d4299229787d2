import { describe, expect, it } from "vitest";
import { clusterManagerArgsSchema } from "../../../src/hub/schema";
import { inventoryTransportSpaceArgsSchema } from "../../../src/its/schema";
import { parseOrThrow } from "../../../src/kube/schema";
import { workloadBindingArgsSchema } from "../../../src/binding/schema";
import { workloadExecutionClusterArgsSchema } from "../../../src/wec/schema";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("InventoryTransportSpaceArgs", () => {
  const parse = (v: unknown) =>
    parseOrThrow(inventoryTransportSpaceArgsSchema, v, "InventoryTransportSpace args");
  it("accepts each type with what it needs", () => {
    expect(parse({ type: "host", hostingKubeconfig: "kc" })).toEqual({
      type: "host",
      hostingKubeconfig: "kc",
    });
    expect(parse({ type: "external", kubeconfig: "kc" })).toEqual({ type: "external", kubeconfig: "kc" });
    expect(parse({ hostingKubeconfig: "kc", controlPlaneName: "its1" })).toEqual({
      hostingKubeconfig: "kc",
      controlPlaneName: "its1",
    });
  });
  it.each([
    [
      { type: "kind", hostingKubeconfig: "kc" },
      `  - type: must be one of "vcluster", "host", "external"; got "kind"`,
    ],
    [{ type: "external" }, `  - kubeconfig: is required when type is "external"; got undefined`],
    [{ type: "host" }, `  - hostingKubeconfig: is required when type is "host"; got undefined`],
    [
      { type: "host", hostingKubeconfig: "kc", kubeconfg: "x" },
      `  - <root>: unknown property "kubeconfg"; check the spelling (allowed: bootstrapSecret, controlPlaneName, createCustomizationNamespace, globalVars, hostingKubeconfig, inClusterKubeconfig, installKubeFlexOperator, kubeFlexChartVersion, kubeconfig, postCreateHooks, readyTimeoutSeconds, registerWithKubeFlex, type)`,
    ],
    [
      { hostingKubeconfig: "kc", controlPlaneName: "ITS_1" },
      `  - controlPlaneName: "ITS_1" must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
    [
      { hostingKubeconfig: "kc", registerWithKubeFlex: false },
      `  - registerWithKubeFlex: cannot be false for type "vcluster": the vcluster is a KubeFlex ControlPlane`,
    ],
    [
      { type: "external", kubeconfig: "kc", registerWithKubeFlex: true },
      `  - hostingKubeconfig: is required when registerWithKubeFlex is true (the ControlPlane lives on the hosting cluster); got undefined`,
    ],
  ])("%j", (input, expected) => {
    expect(message(() => parse(input))).toBe(`invalid InventoryTransportSpace args:\n${expected}`);
  });
});

describe("ClusterManagerArgs", () => {
  const parse = (v: unknown) => parseOrThrow(clusterManagerArgsSchema, v, "ClusterManager args");
  it.each([
    [
      { kubeconfig: "kc", installer: "helm" },
      `  - installer: must be one of "declarative", "clusteradm", "none"; got "helm"`,
    ],
    [
      { kubeconfig: "kc", mode: "Singleton" },
      `  - mode: must be one of "Default", "Hosted"; got "Singleton"`,
    ],
    [
      { kubeconfig: "kc", installer: "none", imageTag: "v1" },
      `  - imageTag: has no effect with installer "none" (the hub already exists); remove it; got "v1"`,
    ],
    [
      { kubeconfig: "kc", workFeatureGates: [{ feature: "X", mode: "On" }] },
      `  - workFeatureGates[0].mode: must be one of "Enable", "Disable"; got "On"`,
    ],
    [{}, `  - kubeconfig: is required (string)`],
  ])("%j", (input, expected) => {
    expect(message(() => parse(input))).toBe(`invalid ClusterManager args:\n${expected}`);
  });
});

describe("WorkloadExecutionClusterArgs", () => {
  const parse = (v: unknown) =>
    parseOrThrow(workloadExecutionClusterArgsSchema, v, "WorkloadExecutionCluster args");
  it.each([
    [
      { itsKubeconfig: "kc", clusterName: "Edge.1" },
      `  - clusterName: "Edge.1" must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
    [
      { itsKubeconfig: "kc", properties: { "location-group": "edge" } },
      `  - properties.location-group: property key "location-group" is not a Go identifier (letters, digits and '_', not starting with a digit, not a Go keyword), so KubeStellar templates could never use it; got "edge"`,
    ],
    [
      { itsKubeconfig: "kc", labels: { region: "east west" } },
      `  - labels.region: label value "east west" is invalid: at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
    ],
    [
      { itsKubeconfig: "kc", taints: [{ key: "a", effect: "NoSchedule" }] },
      `  - taints[0].effect: must be one of "NoSelect", "PreferNoSelect", "NoSelectIfNew"; got "NoSchedule"`,
    ],
    [
      { itsKubeconfig: "kc", join: "klusterlet" },
      `  - wecKubeconfig: is required when join is "klusterlet"; got undefined`,
    ],
  ])("%j", (input, expected) => {
    expect(message(() => parse(input))).toBe(`invalid WorkloadExecutionCluster args:\n${expected}`);
  });
});

describe("WorkloadBindingArgs", () => {
  const parse = (v: unknown) => parseOrThrow(workloadBindingArgsSchema, v, "WorkloadBinding args");
  const base = { itsKubeconfig: "kc", clusters: [{ name: "wec1" }] };
  it.each([
    [
      {
        ...base,
        clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "Like", values: ["e"] }] }],
      },
      `  - clusterSelectors[0].matchExpressions[0].operator: must be one of "In", "NotIn", "Exists", "DoesNotExist"; got "Like"`,
    ],
    [
      { ...base, clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "In" }] }] },
      `  - clusterSelectors[0].matchExpressions[0].values: operator In needs at least one value; got undefined`,
    ],
    [
      {
        ...base,
        clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "Exists", values: ["x"] }] }],
      },
      `  - clusterSelectors[0].matchExpressions[0].values: operator Exists must not have values, got ["x"]`,
    ],
    [
      { ...base, clusterSelectors: [{ matchLabels: { "bad key!": "x" } }] },
      `  - clusterSelectors[0].matchLabels: label key "bad key!" is invalid: the name part must be 1-63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric; got {"bad key!":"x"}`,
    ],
    [
      { ...base, clusters: [{ name: "a" }, { name: "a" }], clusterSelectors: [] },
      `  - clusters[1].name: WEC "a" is listed twice (also clusters[0])`,
    ],
    [
      { ...base, clusterSelectors: [], serverSideApply: { fieldManager: "pulumi" } },
      `  - serverSideApply.fieldManager: must start with "work-agent" (OCM rejects other field managers); got "pulumi"`,
    ],
  ])("%j", (input, expected) => {
    expect(message(() => parse(input))).toBe(`invalid WorkloadBinding args:\n${expected}`);
  });
});
