import * as pulumi from "@pulumi/pulumi";
import type * as Components from "../../components";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  drainRegistrations,
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

beforeAll(async () => {
  await installMocks();
  mod = await import("../../components");
});
beforeEach(reset);

const KC = "apiVersion: v1\nkind: Config\n";
const T = "kubestellar-its:index:ClusterManager";
const BOOTSTRAP_USER = "system:serviceaccount:open-cluster-management:agent-registration-bootstrap";

describe("ClusterManager installer declarative", () => {
  it("registers CRD, operator, ClusterManager CR and the bootstrap identity on the ITS provider", async () => {
    const cm = new mod.ClusterManager(
      "hub",
      {
        kubeconfig: pulumi.secret(KC),
        registrationFeatureGates: [{ feature: "ManagedClusterAutoApproval", mode: "Enable" }],
      },
      { transformations: [recorder] },
    );
    await settle();
    const on = (type: string, name: string) => ({ type, name, parent: "hub", provider: "hub-k8s" });
    expect(rows()).toEqual([
      { type: T, name: "hub" },
      { type: "pulumi:providers:kubernetes", name: "hub-k8s", parent: "hub" },
      on("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "hub-crd"),
      on("kubernetes:core/v1:Namespace", "hub-operator-namespace"),
      on("kubernetes:core/v1:ServiceAccount", "hub-operator-sa"),
      on("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "hub-operator-role"),
      on("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "hub-operator-binding"),
      on("kubernetes:apps/v1:Deployment", "hub-operator"),
      on("kubernetes:operator.open-cluster-management.io/v1:ClusterManager", "hub-cluster-manager"),
      on("kubernetes:core/v1:ServiceAccount", "hub-bootstrap-sa"),
      on("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "hub-bootstrap-role"),
      on("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "hub-bootstrap-binding"),
    ]);
    expect(registered).toHaveLength(12);
    expect(pulumi.runtime.isRpcSecret(inputsOf("hub-k8s").kubeconfig)).toBe(true);
    expect(unwrap(inputsOf("hub-k8s"))).toEqual({ kubeconfig: KC, clusterIdentifier: "cluster-manager-hub" });
    expect(inputsOf("hub-crd").metadata.name).toBe("clustermanagers.operator.open-cluster-management.io");
    expect(inputsOf("hub-operator-namespace").metadata).toEqual({ name: "open-cluster-management" });
    const deployment = inputsOf("hub-operator");
    expect(deployment.metadata).toEqual({
      name: "cluster-manager",
      namespace: "open-cluster-management",
      labels: { app: "cluster-manager" },
      annotations: { "pulumi.com/skipAwait": "true" },
    });
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: "registration-operator",
        image: "quay.io/open-cluster-management/registration-operator:v1.3.1",
        args: ["/registration-operator", "hub"],
        imagePullPolicy: "IfNotPresent",
      },
    ]);
    expect(deployment.spec.template.spec.serviceAccountName).toBe("cluster-manager");
    expect(inputsOf("hub-cluster-manager").spec).toEqual({
      registrationImagePullSpec: "quay.io/open-cluster-management/registration:v1.3.1",
      workImagePullSpec: "quay.io/open-cluster-management/work:v1.3.1",
      placementImagePullSpec: "quay.io/open-cluster-management/placement:v1.3.1",
      addOnManagerImagePullSpec: "quay.io/open-cluster-management/addon-manager:v1.3.1",
      deployOption: { mode: "Default" },
      registrationConfiguration: {
        autoApproveUsers: [BOOTSTRAP_USER],
        featureGates: [{ feature: "ManagedClusterAutoApproval", mode: "Enable" }],
      },
      workConfiguration: { workDriver: "kube" },
    });
    expect(inputsOf("hub-bootstrap-sa").metadata).toEqual({
      name: "agent-registration-bootstrap",
      namespace: "open-cluster-management",
    });
    expect(inputsOf("hub-bootstrap-binding").metadata).toEqual({
      name: "open-cluster-management:bootstrap:agent-registration",
    });
    expect(await value(cm.installer)).toBe("declarative");
    expect(await value(cm.bootstrapUser)).toBe(BOOTSTRAP_USER);
  });

  it("custom registry/tag, no bootstrap identity, with the status add-on", async () => {
    new mod.ClusterManager(
      "h2",
      {
        kubeconfig: KC,
        imageRegistry: "registry.local:5000/ocm",
        imageTag: "v1.2.0",
        createBootstrapServiceAccount: false,
        installStatusAddon: true,
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).toEqual([
      "h2",
      "h2-k8s",
      "h2-crd",
      "h2-operator-namespace",
      "h2-operator-sa",
      "h2-operator-role",
      "h2-operator-binding",
      "h2-operator",
      "h2-cluster-manager",
      "h2-status-addon",
    ]);
    expect(inputsOf("h2-operator").spec.template.spec.containers[0].image).toBe(
      "registry.local:5000/ocm/registration-operator:v1.2.0",
    );
    expect(inputsOf("h2-cluster-manager").spec.registrationConfiguration).toEqual({});
    const addon = inputsOf("h2-status-addon");
    expect([addon.name, addon.chart, addon.version, addon.namespace, addon.createNamespace]).toEqual([
      "status-addon",
      "oci://ghcr.io/kubestellar/ocm-status-addon-chart",
      "v0.2.0-rc17",
      "open-cluster-management",
      true,
    ]);
    expect(rows().find((r) => r.name === "h2-status-addon")).toEqual({
      type: "kubernetes:helm.sh/v3:Release",
      name: "h2-status-addon",
      parent: "h2",
      provider: "h2-k8s",
    });
  });
});

describe("ClusterManager installer clusteradm", () => {
  it("runs clusteradm init --wait with the kubeconfig from a secret env var; stdout is secret", async () => {
    new mod.ClusterManager(
      "hub",
      { kubeconfig: pulumi.secret(KC), installer: "clusteradm", clusteradmPath: "/opt/bin/clusteradm" },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map(({ type, name, parent }) => ({ type, name, parent }))).toEqual([
      { type: T, name: "hub" },
      { type: "pulumi:providers:kubernetes", name: "hub-k8s", parent: "hub" },
      { type: "command:local:Command", name: "hub-clusteradm-init", parent: "hub" },
    ]);
    expect(registered.filter((r) => r.custom === true && r.type !== "pulumi:providers:command")).toHaveLength(
      2,
    );
    const cmd = inputsOf("hub-clusteradm-init");
    expect(cmd.create).toBe(
      [
        "set -eu",
        "umask 077",
        'kc="$(mktemp)"',
        `trap 'rm -f "$kc"' EXIT`,
        `printf '%s' "$CLUSTERADM_KUBECONFIG" > "$kc"`,
        'KUBECONFIG="$kc" "$CLUSTERADM" init --wait --timeout=300',
      ].join("\n"),
    );
    expect(cmd.create).not.toContain(KC);
    expect(cmd.delete).toContain('"$CLUSTERADM" clean');
    expect(cmd.logging).toBe("stderr");
    expect(pulumi.runtime.isRpcSecret(cmd.environment)).toBe(true);
    expect(unwrap(cmd.environment)).toEqual({ CLUSTERADM: "/opt/bin/clusteradm", CLUSTERADM_KUBECONFIG: KC });
    expect(constructed.find((x) => x.name === "hub-clusteradm-init")!.opts.additionalSecretOutputs).toEqual([
      "stdout",
    ]);
  });
});

describe("ClusterManager installer none", () => {
  it("checks the OCM hub CRDs with a HubCheck (a missing one fails with what to do) and installs nothing", async () => {
    const cm = new mod.ClusterManager(
      "hub",
      { kubeconfig: KC, installer: "none" },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "hub" },
      { type: "pulumi:providers:kubernetes", name: "hub-k8s", parent: "hub" },
      { type: "pulumi-nodejs:dynamic/kubestellar-its:HubCheck", name: "hub-hub-check", parent: "hub" },
    ]);
    const check = registered.find((r) => r.name === "hub-hub-check")!;
    expect(check.inputs.crds).toEqual([
      "managedclusters.cluster.open-cluster-management.io",
      "manifestworks.work.open-cluster-management.io",
    ]);
    expect(pulumi.runtime.isRpcSecret(check.inputs.kubeconfig)).toBe(true);
    expect(await value(cm.bootstrapUser)).toBeUndefined();
  });
});

describe("ClusterManager bad args", () => {
  it.each([
    [
      { kubeconfig: KC, installer: "helm" },
      `invalid ClusterManager "hub" args:\n  - installer: must be one of "declarative", "clusteradm", "none"; got "helm"`,
    ],
    [
      { kubeconfig: KC, installer: "none", imageTag: "v1" },
      `invalid ClusterManager "hub" args:\n  - imageTag: has no effect with installer "none" (the hub already exists); remove it; got "v1"`,
    ],
    [
      { kubeconfig: "" },
      `invalid ClusterManager "hub" args:\n  - kubeconfig: must be a non-empty kubeconfig; got "<secret>"`,
    ],
  ])("%j fails before any resource", async (args, expected) => {
    expect(messageOf(() => new mod.ClusterManager("hub", args as any, { transformations: [recorder] }))).toBe(
      expected,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(registered).toEqual([]);
    expect(constructed).toEqual([]);
  });
});

describe("KubeStellarCoreChart", () => {
  it("installs the core chart with typed ITSes values", async () => {
    const chart = new mod.KubeStellarCoreChart(
      "ks",
      {
        kubeconfig: KC,
        itses: [
          { name: "its1" },
          { name: "its2", type: "external", installClusteradm: false },
          { name: "its3", type: "host", installClusteradm: true },
        ],
        namespace: "ks",
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: "kubestellar-its:index:KubeStellarCoreChart", name: "ks" },
      { type: "pulumi:providers:kubernetes", name: "ks-hosting-k8s", parent: "ks" },
      { type: "kubernetes:helm.sh/v3:Release", name: "ks", parent: "ks", provider: "ks-hosting-k8s" },
    ]);
    const release = inputsOf("ks");
    expect([release.name, release.chart, release.version, release.namespace]).toEqual([
      "ks-core",
      "oci://ghcr.io/kubestellar/kubestellar/core-chart",
      "0.30.0",
      "ks",
    ]);
    expect(release.values).toEqual({
      ITSes: [
        { name: "its1", type: "vcluster", install_clusteradm: true },
        {
          name: "its2",
          type: "external",
          install_clusteradm: false,
          bootstrapSecret: { name: "its2-bootstrap", namespace: "ks", key: "kubeconfig-incluster" },
        },
        { name: "its3", type: "host", install_clusteradm: true },
      ],
      InstallPCHs: true,
      "kubeflex-operator": { install: true },
    });
    expect(pulumi.runtime.isRpcSecret(inputsOf("ks-hosting-k8s").kubeconfig)).toBe(true);
    expect((await value(chart.values)).ITSes).toHaveLength(3);
  });

  it("rejects duplicate ITS names before registering anything", async () => {
    expect(
      messageOf(
        () => new mod.KubeStellarCoreChart("ks", { kubeconfig: KC, itses: [{ name: "a" }, { name: "a" }] }),
      ),
    ).toBe(
      `invalid KubeStellarCoreChart "ks" args:\n  - itses[1].name: duplicates an earlier ITS name; got "a"`,
    );
    await drainRegistrations();
    expect(registered).toEqual([]);
  });
});
