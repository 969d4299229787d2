import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildClusterManagerOperator, clusterManagerImages, ocmImage } from "../../../src/hub/operator";
import {
  clusteradmCleanScript,
  clusteradmInitScript,
  clusteradmJoinScript,
  clusteradmUnjoinScript,
  shellQuote,
} from "../../../src/hub/clusteradm";
import { buildCoreChartValues } from "../../../src/its/core-chart";
import { CLUSTER_MANAGER_CRD_FILE, KLUSTERLET_CRD_FILE, crdDirectory, loadCrd } from "../../../src/kube/crds";
import { statusAddonChartVersion } from "../../../src/hub/status-addon";
import { controlPlaneKubeconfigRef, decodeSecretValue } from "../../../src/its/control-plane";
import { defaultControlPlaneNameIssue } from "../../../src/its/schema";
import { clusterIdentifier } from "../../../src/kube/cluster-identifier";
import { kubeconfigCluster, kubeconfigServer } from "../../../src/kube/kubeconfig";
import { clusterManagerArgsSchema } from "../../../src/hub/schema";
import { workloadExecutionClusterArgsSchema } from "../../../src/wec/schema";
import { inputIssues, validatePlainArgs } from "../../../components/validation";
import type { ArgsValidation } from "../../../components/validation";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function kc(doc: unknown): string {
  return stringify(doc);
}

describe("kubeconfigCluster", () => {
  const base = {
    clusters: [
      { name: "a", cluster: { server: "https://a:6443", "certificate-authority-data": "QQ==" } },
      { name: "b", cluster: { server: "https://b:6443" } },
    ],
    contexts: [
      { name: "ca", context: { cluster: "a" } },
      { name: "cb", context: { cluster: "b" } },
    ],
  };
  it.each([
    [
      { ...base, "current-context": "ca" },
      { server: "https://a:6443", caData: "QQ==" },
    ],
    [{ ...base, "current-context": "cb" }, { server: "https://b:6443" }],
  ])("%#", (doc, expected) => {
    expect(kubeconfigCluster(kc(doc))).toEqual(expected);
    expect(kubeconfigServer(kc(doc))).toBe(expected.server);
  });
  it.each([
    ["clusters: [", "kubeconfig is not valid YAML"],
    ["just text", "kubeconfig is not a YAML mapping"],
    [kc({ ...base, "current-context": "zz" }), `kubeconfig's current-context "zz" is not in contexts`],
    [kc(base), "kubeconfig has no current-context"],
    // client-node, which the providers connect with, has no cluster here either: one rule for all.
    [
      kc({ clusters: [{ name: "only", cluster: { server: "https://only" } }] }),
      "kubeconfig has no current-context",
    ],
    [kc({ ...base, "current-context": "ca", clusters: [] }), `kubeconfig has no cluster named "a"`],
    [
      kc({
        clusters: [{ name: "x", cluster: { token: "secret" } }],
        contexts: [{ name: "c", context: { cluster: "x" } }],
        "current-context": "c",
      }),
      `kubeconfig cluster "x" has no server`,
    ],
  ])("error %#", (text, message) => {
    expect(() => kubeconfigCluster(text)).toThrow(new Error(message));
    expect(kubeconfigServer(text)).toBeUndefined();
  });
  it("agrees with @kubernetes/client-node, which the providers connect with", async () => {
    const k8s = await import("@kubernetes/client-node");
    const docs = [
      { ...base, "current-context": "ca" },
      { ...base, "current-context": "cb" },
      base,
      { clusters: [{ name: "only", cluster: { server: "https://only" } }] },
      { ...base, contexts: [{ name: "ca", context: { cluster: "a", user: "u" } }], "current-context": "zz" },
    ];
    for (const doc of docs) {
      const config = new k8s.KubeConfig();
      config.loadFromString(kc(doc));
      expect(kubeconfigServer(kc(doc))).toBe(config.getCurrentCluster()?.server);
    }
  });
});

describe("ITS helpers", () => {
  it("controlPlaneKubeconfigRef prefers status.secretRef and falls back to KubeFlex's layout", () => {
    expect(controlPlaneKubeconfigRef("vcluster", "its1", undefined)).toEqual({
      namespace: "its1-system",
      name: "vc-vcluster",
      key: "config",
    });
    expect(controlPlaneKubeconfigRef("host", "h", { secretRef: {} })).toEqual({
      namespace: "h-system",
      name: "admin-kubeconfig",
      key: "kubeconfig-incluster",
    });
    expect(
      controlPlaneKubeconfigRef("vcluster", "its1", {
        secretRef: { namespace: "ns", name: "s", key: "k", inClusterKey: "ik" },
      }),
    ).toEqual({ namespace: "ns", name: "s", key: "k" });
  });
  it("decodeSecretValue decodes base64 and names a missing key", () => {
    const ref = { namespace: "its1-system", name: "vc-vcluster", key: "config" };
    expect(decodeSecretValue({ config: Buffer.from("kc").toString("base64") }, ref)).toBe("kc");
    expect(() => decodeSecretValue({}, ref)).toThrow(
      new Error(
        `Secret its1-system/vc-vcluster has no key "config" (KubeFlex has not written the kubeconfig)`,
      ),
    );
  });
  it("cluster identifiers: the values stacks already hold, each kind distinct", () => {
    // Changing any value replaces every object created through that provider.
    expect({
      its: clusterIdentifier.its("x"),
      itsHosting: clusterIdentifier.itsHosting("x"),
      itsForWec: clusterIdentifier.itsForWec("x"),
      wec: clusterIdentifier.wec("x"),
      clusterManager: clusterIdentifier.clusterManager("x"),
      coreChartHosting: clusterIdentifier.coreChartHosting("x"),
    }).toEqual({
      its: "its-x",
      itsHosting: "its-x-hosting",
      itsForWec: "its-for-wec-x",
      wec: "wec-x",
      clusterManager: "cluster-manager-x",
      coreChartHosting: "ks-core-x-hosting",
    });
  });
  it("defaultControlPlaneNameIssue", () => {
    expect(defaultControlPlaneNameIssue("its1")).toBeUndefined();
    expect(defaultControlPlaneNameIssue("a".repeat(57))).toEqual({
      path: "controlPlaneName",
      reason: `defaults to the resource name "${"a".repeat(57)}", which must be at most 56 characters (KubeFlex adds "-system" for its namespace); set controlPlaneName`,
    });
  });
});

describe("validation of plain and computed args", () => {
  const v: ArgsValidation<unknown> = {
    schema: workloadExecutionClusterArgsSchema,
    subject: "W args",
    inputKeys: ["itsKubeconfig", "wecKubeconfig", "hubApiServer", "bootstrapToken"],
    secretKeys: ["itsKubeconfig", "wecKubeconfig", "bootstrapToken"],
  };
  it("computed inputs count as present and are not checked yet", () => {
    const args = { itsKubeconfig: pulumi.output("x"), join: "klusterlet", wecKubeconfig: pulumi.output("y") };
    expect(validatePlainArgs(v, { ...args, hubApiServer: pulumi.output("not a url") })).toMatchObject({
      join: "klusterlet",
    });
  });
  it("plain problems throw InputPropertiesError with redacted secrets", () => {
    let error: unknown;
    try {
      validatePlainArgs(v, { itsKubeconfig: "", join: "klusterlet" });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    // So that a program prints the message, not "unhandled exception" and a stack trace.
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `invalid W args:\n  - itsKubeconfig: must be a non-empty kubeconfig; got "<secret>"\n  - wecKubeconfig: is required when join is "klusterlet"; got undefined`,
    );
  });
  it("inputIssues checks a resolved value in the context of the other args", () => {
    const args = { itsKubeconfig: "kc", join: "klusterlet", wecKubeconfig: pulumi.output("y") };
    expect(inputIssues(v, args, "hubApiServer", "http://plain")).toEqual([
      { path: "hubApiServer", reason: 'must be an https:// URL; got "http://plain"' },
    ]);
    expect(inputIssues(v, args, "hubApiServer", "https://ok")).toEqual([]);
    expect(inputIssues(v, args, "wecKubeconfig", "")).toEqual([
      { path: "wecKubeconfig", reason: 'String must contain at least 1 character(s); got "<secret>"' },
    ]);
  });
  it("the new WEC args", () => {
    const c: ArgsValidation<unknown> = { ...v, schema: clusterManagerArgsSchema, inputKeys: ["kubeconfig"] };
    expect(() => validatePlainArgs(c, { kubeconfig: "k" })).not.toThrow();
    expect(() =>
      validatePlainArgs(v, {
        itsKubeconfig: "k",
        join: "clusteradm",
        wecKubeconfig: "w",
        klusterletMode: "Hosted",
      }),
    ).toThrow(`  - klusterletMode: must be "Default" or "Singleton" with join "clusteradm"; got "Hosted"`);
    expect(() =>
      validatePlainArgs(v, { itsKubeconfig: "k", join: "clusteradm", wecKubeconfig: "w", imageTag: "v1" }),
    ).toThrow(
      `  - imageTag: has no effect with join "clusteradm" (clusteradm picks the klusterlet and installs its operator when missing); remove it; got "v1"`,
    );
  });
  it("klusterletOperator: an enum, only with the klusterlet join in a mode that runs the operator on the WEC", () => {
    const k = { itsKubeconfig: "k", join: "klusterlet", wecKubeconfig: "w" };
    expect(() => validatePlainArgs(v, { ...k, klusterletOperator: "Never" })).not.toThrow();
    expect(() => validatePlainArgs(v, { ...k, klusterletOperator: "IfMissing" })).not.toThrow();
    expect(() => validatePlainArgs(v, { ...k, klusterletOperator: "always" })).toThrow(
      /klusterletOperator: must be one of "IfMissing", "Never"; got "always"/,
    );
    expect(() =>
      validatePlainArgs(v, { ...k, klusterletMode: "SingletonHosted", klusterletOperator: "IfMissing" }),
    ).toThrow(
      `  - klusterletOperator: has no effect with klusterletMode "SingletonHosted" (the operator runs on the management cluster); remove it; got "IfMissing"`,
    );
    expect(() => validatePlainArgs(v, { itsKubeconfig: "k", klusterletOperator: "Never" })).toThrow(
      /klusterletOperator: has no effect with join "none"/,
    );
    expect(() => validatePlainArgs(v, { ...k, join: "clusteradm", klusterletOperator: "Never" })).toThrow(
      /klusterletOperator: has no effect with join "clusteradm"/,
    );
  });
});

describe("clusteradm scripts", () => {
  const prelude = [
    "set -eu",
    "umask 077",
    'kc="$(mktemp)"',
    `trap 'rm -f "$kc"' EXIT`,
    `printf '%s' "$CLUSTERADM_KUBECONFIG" > "$kc"`,
  ];
  it("init, with every option", () => {
    expect(
      clusteradmInitScript({
        timeoutSeconds: 120,
        imageRegistry: "r.local/ocm",
        bundleVersion: "v1.2.0",
        featureGates: [
          { feature: "ManifestWorkReplicaSet", mode: "Enable" },
          { feature: "DefaultClusterSet", mode: "Disable" },
        ],
      }),
    ).toBe(
      [
        ...prelude,
        `KUBECONFIG="$kc" "$CLUSTERADM" init --wait --timeout=120 '--image-registry=r.local/ocm' '--bundle-version=v1.2.0' '--feature-gates=ManifestWorkReplicaSet=true,DefaultClusterSet=false'`,
      ].join("\n"),
    );
  });
  it("clean, join (default mode), unjoin", () => {
    expect(clusteradmCleanScript()).toBe([...prelude, `KUBECONFIG="$kc" "$CLUSTERADM" clean`].join("\n"));
    expect(clusteradmJoinScript({ clusterName: "wec1", singleton: false })).toBe(
      [
        ...prelude,
        `KUBECONFIG="$kc" "$CLUSTERADM" join --hub-token "$CLUSTERADM_HUB_TOKEN" --hub-apiserver "$CLUSTERADM_HUB_APISERVER" '--cluster-name=wec1' --wait`,
      ].join("\n"),
    );
    expect(clusteradmUnjoinScript("wec1")).toBe(
      [...prelude, `KUBECONFIG="$kc" "$CLUSTERADM" unjoin '--cluster-name=wec1'`].join("\n"),
    );
  });
  it("shellQuote", () => {
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });
});

describe("core chart values", () => {
  it("writes every default and bootstrapSecret only for external", () => {
    expect(
      buildCoreChartValues({
        itses: [
          { name: "a" },
          { name: "b", type: "external", bootstrapSecret: { key: "k" } },
          { name: "c", type: "host", installClusteradm: false },
        ],
        namespace: "rel-ns",
        installKubeFlexOperator: false,
        installPostCreateHooks: true,
      }),
    ).toEqual({
      ITSes: [
        { name: "a", type: "vcluster", install_clusteradm: true },
        {
          name: "b",
          type: "external",
          install_clusteradm: true,
          bootstrapSecret: { name: "b-bootstrap", namespace: "rel-ns", key: "k" },
        },
        { name: "c", type: "host", install_clusteradm: false },
      ],
      InstallPCHs: true,
      "kubeflex-operator": { install: false },
    });
  });
  it("status add-on chart version", () => {
    expect([statusAddonChartVersion("0.2.0-rc17"), statusAddonChartVersion("v0.2.0")]).toEqual([
      "v0.2.0-rc17",
      "v0.2.0",
    ]);
  });
});

describe("CRD files and the operator builder", () => {
  it("src/crds holds verbatim copies of the upstream CRDs (test/fixtures/crds)", () => {
    for (const file of [CLUSTER_MANAGER_CRD_FILE, KLUSTERLET_CRD_FILE]) {
      expect(readFileSync(join(crdDirectory(), file), "utf8")).toBe(
        readFileSync(join(__dirname, "..", "..", "fixtures", "crds", "ocm", file), "utf8"),
      );
    }
    expect((loadCrd(CLUSTER_MANAGER_CRD_FILE).metadata as { name: string }).name).toBe(
      "clustermanagers.operator.open-cluster-management.io",
    );
    expect(Object.keys(loadCrd(KLUSTERLET_CRD_FILE))).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect((loadCrd(KLUSTERLET_CRD_FILE).metadata as { name: string }).name).toBe(
      "klusterlets.operator.open-cluster-management.io",
    );
  });
  it("finds the files from the compiled module's folder too (bin/src/kube, as the package runs it)", () => {
    const root = join(__dirname, "..", "..", "..");
    // The folder is all the lookup uses, so no build is needed: `npm test` runs on a fresh clone.
    expect(crdDirectory(join(root, "bin", "src", "kube"))).toBe(join(root, "src", "crds"));
    expect(() => crdDirectory("/nonexistent/kube")).toThrow(
      "OCM CRD files not found in /nonexistent/crds or /src/crds",
    );
  });
  it("images", () => {
    expect(ocmImage("quay.io/open-cluster-management", "work", "v1.3.1")).toBe(
      "quay.io/open-cluster-management/work:v1.3.1",
    );
    expect(clusterManagerImages("r", "t", "Hosted")).toEqual({
      registrationImagePullSpec: "r/registration:t",
      workImagePullSpec: "r/work:t",
      placementImagePullSpec: "r/placement:t",
      addOnManagerImagePullSpec: "r/addon-manager:t",
      mode: "Hosted",
    });
  });
  it("the operator objects: kinds, names, and the skipAwait Deployment", () => {
    const operator = buildClusterManagerOperator({ registry: "r", tag: "t" });
    const objects = Object.values(operator);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/open-cluster-management",
      "ServiceAccount/cluster-manager",
      "ClusterRole/cluster-manager",
      "ClusterRoleBinding/cluster-manager",
      "Deployment/cluster-manager",
    ]);
    expect(operator.clusterRoleBinding).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "cluster-manager" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-manager" },
      subjects: [{ kind: "ServiceAccount", name: "cluster-manager", namespace: "open-cluster-management" }],
    });
    expect(operator.deployment).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "cluster-manager",
        namespace: "open-cluster-management",
        labels: { app: "cluster-manager" },
        annotations: { "pulumi.com/skipAwait": "true" },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "cluster-manager" } },
        template: {
          metadata: { labels: { app: "cluster-manager" } },
          spec: {
            serviceAccountName: "cluster-manager",
            containers: [
              {
                name: "registration-operator",
                image: "r/registration-operator:t",
                args: ["/registration-operator", "hub"],
                imagePullPolicy: "IfNotPresent",
              },
            ],
          },
        },
      },
    });
  });
});
