import * as pulumi from "@pulumi/pulumi";
import type * as Components from "../../components/its/inventory-transport-space";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  constructed,
  installMocks,
  inputsOf,
  messageOf,
  recorder,
  registered,
  reset,
  rows,
  settle,
  unwrap,
  value,
} from "./harness";

let mod: typeof Components;

function kubeconfig(server: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server, "certificate-authority-data": "Q0E=" } }],
    users: [{ name: "u", user: { token: "t0k3n" } }],
    contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    "current-context": "x",
  });
}
const HOSTING = kubeconfig("https://hosting.example:6443");
const VCLUSTER = kubeconfig("https://its1.vcluster.example:443");
const EXTERNAL = kubeconfig("https://external.example:6443");

beforeAll(async () => {
  await installMocks((args) =>
    args.type === "kubernetes:core/v1:Secret" && args.id !== undefined && args.id !== ""
      ? { data: { config: Buffer.from(VCLUSTER).toString("base64") } }
      : undefined,
  );
  mod = await import("../../components/its/inventory-transport-space");
});
beforeEach(reset);

const T = "kubestellar-its:index:InventoryTransportSpace";

describe("InventoryTransportSpace type vcluster", () => {
  it("registers the operator chart, the ControlPlane, reads its kubeconfig Secret, and makes the ITS provider", async () => {
    const its = new mod.InventoryTransportSpace(
      "its1",
      {
        hostingKubeconfig: pulumi.secret(HOSTING),
        installKubeFlexOperator: true,
        kubeFlexChartVersion: "0.9.3",
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "its1" },
      { type: "pulumi:providers:kubernetes", name: "its1-hosting-k8s", parent: "its1" },
      {
        type: "kubernetes:helm.sh/v3:Release",
        name: "its1-kubeflex-operator",
        parent: "its1",
        provider: "its1-hosting-k8s",
      },
      {
        type: "kubernetes:tenancy.kflex.kubestellar.org/v1alpha1:ControlPlane",
        name: "its1-control-plane",
        parent: "its1",
        provider: "its1-hosting-k8s",
      },
      {
        type: "kubernetes:core/v1:Secret",
        name: "its1-kubeconfig-secret",
        parent: "its1",
        provider: "its1-hosting-k8s",
      },
      { type: "pulumi:providers:kubernetes", name: "its1-its-k8s", parent: "its1" },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "its1-customization-properties",
        parent: "its1",
        provider: "its1-its-k8s",
      },
    ]);
    expect(registered).toHaveLength(7);
    const release = inputsOf("its1-kubeflex-operator");
    expect([
      release.name,
      release.chart,
      release.version,
      release.namespace,
      release.createNamespace,
    ]).toEqual([
      "kubeflex-operator",
      "oci://ghcr.io/kubestellar/kubeflex/chart/kubeflex-operator",
      "0.9.3",
      "kubeflex-system",
      true,
    ]);
    const cp = inputsOf("its1-control-plane");
    expect({ metadata: cp.metadata, spec: cp.spec }).toEqual({
      metadata: {
        name: "its1",
        labels: { "kflex.kubestellar.io/cptype": "its" },
        annotations: {
          "pulumi.com/waitFor": 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True',
        },
      },
      spec: {
        backend: "shared",
        type: "vcluster",
        waitForPostCreateHooks: false,
        globalVars: { ITSSecretName: "vc-vcluster", ITSSecretKey: "config-incluster" },
      },
    });
    const read = registered.find((r) => r.name === "its1-kubeconfig-secret")!;
    expect(read.id).toBe("its1-system/vc-vcluster");
    expect(pulumi.runtime.isRpcSecret(inputsOf("its1-hosting-k8s").kubeconfig)).toBe(true);
    expect(unwrap(inputsOf("its1-hosting-k8s"))).toEqual({
      kubeconfig: HOSTING,
      clusterIdentifier: "its-its1-hosting",
    });
    expect(pulumi.runtime.isRpcSecret(inputsOf("its1-its-k8s").kubeconfig)).toBe(true);
    expect(unwrap(inputsOf("its1-its-k8s"))).toEqual({ kubeconfig: VCLUSTER, clusterIdentifier: "its-its1" });
    expect(inputsOf("its1-customization-properties").metadata).toEqual({ name: "customization-properties" });

    expect(await value(its.name)).toBe("its1");
    expect(await value(its.type)).toBe("vcluster");
    expect(await value(its.kubeconfig)).toBe(VCLUSTER);
    expect(await pulumi.isSecret(its.kubeconfig)).toBe(true);
    expect(await value(its.hubApiServerUrl)).toBe("https://its1.vcluster.example:443");
    expect(await pulumi.isSecret(its.hubApiServerUrl)).toBe(false);
    expect(constructed.find((c) => c.name === "its1-its-k8s")!.resource).toBe(its.provider);
  });

  it("passes post-create hooks and waits with the ready timeout; no operator, no namespace when disabled", async () => {
    new mod.InventoryTransportSpace(
      "a",
      {
        hostingKubeconfig: HOSTING,
        controlPlaneName: "its-a",
        postCreateHooks: [{ hookName: "its-hub-init" }],
        createCustomizationNamespace: false,
        readyTimeoutSeconds: 120,
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).toEqual([
      "a",
      "a-hosting-k8s",
      "a-control-plane",
      "a-kubeconfig-secret",
      "a-its-k8s",
    ]);
    expect(inputsOf("a-control-plane").spec).toEqual({
      backend: "shared",
      type: "vcluster",
      waitForPostCreateHooks: true,
      postCreateHooks: [{ hookName: "its-hub-init" }],
      globalVars: { ITSSecretName: "vc-vcluster", ITSSecretKey: "config-incluster" },
    });
    expect(registered.find((r) => r.name === "a-kubeconfig-secret")!.id).toBe("its-a-system/vc-vcluster");
    expect(inputsOf("a-control-plane").metadata.name).toBe("its-a");
  });
});

describe("InventoryTransportSpace type host", () => {
  it("uses the hosting cluster as the ITS; registers a host ControlPlane only when asked", async () => {
    const its = new mod.InventoryTransportSpace(
      "h",
      { type: "host", hostingKubeconfig: HOSTING, registerWithKubeFlex: true },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "h" },
      { type: "pulumi:providers:kubernetes", name: "h-hosting-k8s", parent: "h" },
      {
        type: "kubernetes:tenancy.kflex.kubestellar.org/v1alpha1:ControlPlane",
        name: "h-control-plane",
        parent: "h",
        provider: "h-hosting-k8s",
      },
      { type: "pulumi:providers:kubernetes", name: "h-its-k8s", parent: "h" },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "h-customization-properties",
        parent: "h",
        provider: "h-its-k8s",
      },
    ]);
    expect(registered).toHaveLength(5);
    expect(inputsOf("h-control-plane").spec).toEqual({
      backend: "shared",
      type: "host",
      waitForPostCreateHooks: false,
      globalVars: { ITSSecretName: "admin-kubeconfig", ITSSecretKey: "kubeconfig-incluster" },
    });
    expect(unwrap(inputsOf("h-its-k8s"))).toEqual({ kubeconfig: HOSTING, clusterIdentifier: "its-h" });
    expect(await value(its.hubApiServerUrl)).toBe("https://hosting.example:6443");
    expect(await pulumi.isSecret(its.kubeconfig)).toBe(true);

    reset();
    new mod.InventoryTransportSpace(
      "h2",
      { type: "host", hostingKubeconfig: HOSTING },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).toEqual([
      "h2",
      "h2-hosting-k8s",
      "h2-its-k8s",
      "h2-customization-properties",
    ]);
  });
});

describe("InventoryTransportSpace type external", () => {
  it("without KubeFlex registration: only the ITS provider and the namespace", async () => {
    const its = new mod.InventoryTransportSpace(
      "e",
      { type: "external", kubeconfig: pulumi.secret(EXTERNAL) },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "e" },
      { type: "pulumi:providers:kubernetes", name: "e-its-k8s", parent: "e" },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "e-customization-properties",
        parent: "e",
        provider: "e-its-k8s",
      },
    ]);
    expect(await value(its.hubApiServerUrl)).toBe("https://external.example:6443");
    expect(await value(its.kubeconfig)).toBe(EXTERNAL);
  });

  it("with KubeFlex registration: the bootstrap Secret hand-off (secret) and a ControlPlane with bootstrapSecretRef", async () => {
    new mod.InventoryTransportSpace(
      "e",
      {
        type: "external",
        kubeconfig: EXTERNAL,
        inClusterKubeconfig: "in-cluster",
        hostingKubeconfig: HOSTING,
        registerWithKubeFlex: true,
        bootstrapSecret: { namespace: "kubeflex-system" },
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "e" },
      { type: "pulumi:providers:kubernetes", name: "e-hosting-k8s", parent: "e" },
      {
        type: "pulumi-nodejs:dynamic/kubestellar-its:KubeFlexBootstrapSecret",
        name: "e-bootstrap-secret",
        parent: "e",
      },
      {
        type: "kubernetes:tenancy.kflex.kubestellar.org/v1alpha1:ControlPlane",
        name: "e-control-plane",
        parent: "e",
        provider: "e-hosting-k8s",
      },
      { type: "pulumi:providers:kubernetes", name: "e-its-k8s", parent: "e" },
      {
        type: "kubernetes:core/v1:Namespace",
        name: "e-customization-properties",
        parent: "e",
        provider: "e-its-k8s",
      },
    ]);
    const secret = inputsOf("e-bootstrap-secret");
    expect(pulumi.runtime.isRpcSecret(secret.kubeconfig)).toBe(true);
    expect(pulumi.runtime.isRpcSecret(secret.hostingKubeconfig)).toBe(true);
    const { __provider, ...handoff } = unwrap(secret);
    expect(typeof __provider).toBe("string");
    expect(handoff).toEqual({
      hostingKubeconfig: HOSTING,
      controlPlaneName: "e",
      secretName: "e-bootstrap",
      secretNamespace: "kubeflex-system",
      key: "kubeconfig-incluster",
      kubeconfig: "in-cluster",
      providerVersion: "1",
    });
    expect(inputsOf("e-control-plane").spec.bootstrapSecretRef).toEqual({
      name: "e-bootstrap",
      namespace: "kubeflex-system",
      inClusterKey: "kubeconfig-incluster",
    });
  });
});

describe("several ITSes in one program", () => {
  it("do not collide: every child name and cluster identifier is distinct", async () => {
    new mod.InventoryTransportSpace("its1", { hostingKubeconfig: HOSTING }, { transformations: [recorder] });
    new mod.InventoryTransportSpace("its2", { hostingKubeconfig: HOSTING }, { transformations: [recorder] });
    await settle();
    const names = rows().map((r) => r.name);
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
    expect(inputsOf("its1-control-plane").metadata.name).toBe("its1");
    expect(inputsOf("its2-control-plane").metadata.name).toBe("its2");
    expect(unwrap(inputsOf("its1-its-k8s")).clusterIdentifier).toBe("its-its1");
    expect(unwrap(inputsOf("its2-its-k8s")).clusterIdentifier).toBe("its-its2");
    expect(registered.find((r) => r.name === "its2-kubeconfig-secret")!.id).toBe("its2-system/vc-vcluster");
  });
});

describe("bad args fail before any resource is registered", () => {
  it.each([
    [
      "ITS1",
      { hostingKubeconfig: HOSTING },
      `invalid InventoryTransportSpace "ITS1" args:\n  - controlPlaneName: defaults to the resource name "ITS1", which must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit; set controlPlaneName`,
    ],
    [
      "x",
      { type: "kind", hostingKubeconfig: HOSTING },
      `invalid InventoryTransportSpace "x" args:\n  - type: must be one of "vcluster", "host", "external"; got "kind"`,
    ],
    [
      "x",
      { type: "host", hostingKubeconfig: HOSTING, kubeconfig: EXTERNAL },
      `invalid InventoryTransportSpace "x" args:\n  - kubeconfig: is only for type "external"; a "host" ITS gets its kubeconfig from the hosting cluster; got "<secret>"`,
    ],
    [
      "x",
      { type: "external" },
      `invalid InventoryTransportSpace "x" args:\n  - kubeconfig: is required when type is "external"; got undefined`,
    ],
  ])("resource %s", async (name, args, expected) => {
    const message = messageOf(
      () => new mod.InventoryTransportSpace(name, args as any, { transformations: [recorder] }),
    );
    expect(message).toBe(expected);
    await new Promise((r) => setTimeout(r, 20));
    expect(registered).toEqual([]);
    expect(constructed).toEqual([]);
  });

  it("is a pulumi.InputPropertiesError naming each property", () => {
    let error: unknown;
    try {
      new mod.InventoryTransportSpace("x", { type: "external", kubeconfig: "", bootstrapSecret: {} } as any);
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors).toEqual([
      { propertyPath: "kubeconfig", reason: 'String must contain at least 1 character(s); got "<secret>"' },
    ]);
  });
});
