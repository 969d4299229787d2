import * as pulumi from "@pulumi/pulumi";
import type * as Components from "../../components/wec/workload-execution-cluster";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
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

const ACCEPTANCE = "pulumi-nodejs:dynamic/kubestellar-its:ClusterAcceptance";
const TOKEN = "pulumi-nodejs:dynamic/kubestellar-its:BootstrapToken";
const OPERATOR = "pulumi-nodejs:dynamic/kubestellar-its:KlusterletOperator";

beforeAll(async () => {
  await installMocks((args) => {
    if (args.type === ACCEPTANCE) {
      return {
        mailboxNamespace: unwrap(args.inputs.clusterName),
        approvedCsrs: ["csr-1"],
        accepted: true,
        joined: true,
      };
    }
    if (args.type === TOKEN) return { token: "minted-token" };
    return undefined;
  });
  mod = await import("../../components/wec/workload-execution-cluster");
});
beforeEach(reset);

const ITS = stringify({
  apiVersion: "v1",
  kind: "Config",
  clusters: [
    {
      name: "its",
      cluster: { server: "https://its.example:6443", "certificate-authority-data": "SVRTQ0E=" },
    },
  ],
  users: [{ name: "u", user: { token: "admin" } }],
  contexts: [{ name: "its", context: { cluster: "its", user: "u" } }],
  "current-context": "its",
});
const WEC = "apiVersion: v1\nkind: Config\n# wec\n";
const T = "kubestellar-its:index:WorkloadExecutionCluster";

describe("WorkloadExecutionCluster hub side (join none)", () => {
  it("registers the ManagedCluster, the properties ConfigMap and the acceptance on the ITS", async () => {
    const wec = new mod.WorkloadExecutionCluster(
      "wec1",
      {
        itsKubeconfig: pulumi.secret(ITS),
        labels: { "location-group": "edge", region: "east" },
        annotations: { owner: "team-a" },
        clusterSet: "edge",
        taints: [{ key: "gpu", effect: "NoSelect" }],
        properties: { clusterURL: "https://wec1.example", datacenter: "us-east-1a" },
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows()).toEqual([
      { type: T, name: "wec1" },
      { type: "pulumi:providers:kubernetes", name: "wec1-its-k8s", parent: "wec1" },
      {
        type: "kubernetes:cluster.open-cluster-management.io/v1:ManagedCluster",
        name: "wec1-managed-cluster",
        parent: "wec1",
        provider: "wec1-its-k8s",
      },
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "wec1-properties",
        parent: "wec1",
        provider: "wec1-its-k8s",
      },
      { type: ACCEPTANCE, name: "wec1-acceptance", parent: "wec1" },
    ]);
    expect(registered).toHaveLength(5);
    expect(unwrap(inputsOf("wec1-its-k8s"))).toEqual({
      kubeconfig: ITS,
      clusterIdentifier: "its-for-wec-wec1",
    });
    expect(pulumi.runtime.isRpcSecret(inputsOf("wec1-its-k8s").kubeconfig)).toBe(true);
    const mc = inputsOf("wec1-managed-cluster");
    expect({ metadata: mc.metadata, spec: mc.spec }).toEqual({
      metadata: {
        name: "wec1",
        labels: {
          "location-group": "edge",
          region: "east",
          "cluster.open-cluster-management.io/clusterset": "edge",
        },
        annotations: { owner: "team-a", "pulumi.com/patchForce": "true" },
      },
      spec: {
        hubAcceptsClient: true,
        leaseDurationSeconds: 60,
        taints: [{ key: "gpu", value: "", effect: "NoSelect" }],
      },
    });
    expect(inputsOf("wec1-properties")).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "wec1", namespace: "customization-properties" },
      data: { clusterURL: "https://wec1.example", datacenter: "us-east-1a" },
    });
    const acc = inputsOf("wec1-acceptance");
    expect(pulumi.runtime.isRpcSecret(acc.kubeconfig)).toBe(true);
    expect(typeof acc.__provider).toBe("string");
    expect(acc.__provider).not.toContain("admin");
    // Loaded by module path from the library: client-node is the library's, never the program's.
    expect(acc.__provider).toContain("kubestellar-its/bin/src/provider/dynamic-entry");
    expect(acc.__provider).toContain('"ClusterAcceptance"');
    expect(acc.__provider).not.toContain("@kubernetes/client-node");
    expect(acc.__provider).not.toContain("__vite_ssr_import");
    expect({ ...unwrap(acc), __provider: undefined }).toEqual({
      kubeconfig: ITS,
      clusterName: "wec1",
      joinIdentity: "",
      csrApproval: "JoinIdentity",
      waitForCsr: false,
      timeoutSeconds: 300,
      pollIntervalSeconds: 2,
      providerVersion: "2",
      __provider: undefined,
    });
    expect(constructed.find((c) => c.name === "wec1-acceptance")!.opts.additionalSecretOutputs).toEqual([
      "kubeconfig",
    ]);
    expect(await value(wec.clusterName)).toBe("wec1");
    expect(await value(wec.mailboxNamespace)).toBe("wec1");
    expect(await value(wec.labels)).toEqual({
      "location-group": "edge",
      region: "east",
      "cluster.open-cluster-management.io/clusterset": "edge",
    });
    expect(await value(wec.accepted)).toBe(true);
    expect(await value(wec.joined)).toBe(true);
  });

  it("accept: false registers no acceptance and sets hubAcceptsClient false", async () => {
    const wec = new mod.WorkloadExecutionCluster(
      "wec2",
      { itsKubeconfig: ITS, accept: false, clusterName: "edge-2" },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).toEqual([
      "wec2",
      "wec2-its-k8s",
      "wec2-managed-cluster",
      "wec2-properties",
    ]);
    expect(inputsOf("wec2-managed-cluster").metadata).toEqual({
      name: "edge-2",
      annotations: { "pulumi.com/patchForce": "true" },
    });
    expect(inputsOf("wec2-managed-cluster").spec.hubAcceptsClient).toBe(false);
    expect(inputsOf("wec2-properties").data).toEqual({});
    expect(await value(wec.accepted)).toBe(false);
    expect(await value(wec.mailboxNamespace)).toBe("edge-2");
  });
});

describe("WorkloadExecutionCluster join klusterlet", () => {
  it("mints a bootstrap token and installs CRD, namespace, bootstrap Secret and Klusterlet on the WEC", async () => {
    const wec = new mod.WorkloadExecutionCluster(
      "wec1",
      { itsKubeconfig: ITS, join: "klusterlet", wecKubeconfig: pulumi.secret(WEC) },
      { transformations: [recorder] },
    );
    await settle();
    const onWec = (type: string, name: string) => ({ type, name, parent: "wec1", provider: "wec1-wec-k8s" });
    const onIts = (type: string, name: string) => ({ type, name, parent: "wec1", provider: "wec1-its-k8s" });
    expect(rows()).toEqual([
      { type: T, name: "wec1" },
      { type: "pulumi:providers:kubernetes", name: "wec1-its-k8s", parent: "wec1" },
      {
        type: "kubernetes:cluster.open-cluster-management.io/v1:ManagedCluster",
        name: "wec1-managed-cluster",
        parent: "wec1",
        provider: "wec1-its-k8s",
      },
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "wec1-properties",
        parent: "wec1",
        provider: "wec1-its-k8s",
      },
      onIts("kubernetes:core/v1:ServiceAccount", "wec1-join-sa"),
      onIts("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "wec1-join-role"),
      onIts("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "wec1-join-binding"),
      { type: TOKEN, name: "wec1-bootstrap-token", parent: "wec1" },
      { type: "pulumi:providers:kubernetes", name: "wec1-wec-k8s", parent: "wec1" },
      onWec("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "wec1-klusterlet-crd"),
      onWec("kubernetes:core/v1:Namespace", "wec1-agent-namespace"),
      onWec("kubernetes:core/v1:Secret", "wec1-bootstrap-hub-kubeconfig"),
      { type: OPERATOR, name: "wec1-klusterlet-operator", parent: "wec1" },
      onWec("kubernetes:operator.open-cluster-management.io/v1:Klusterlet", "wec1-klusterlet"),
      { type: ACCEPTANCE, name: "wec1-acceptance", parent: "wec1" },
    ]);
    expect(registered).toHaveLength(15);
    // The klusterlet operator unless the WEC has one; the CR depends on it (destroyed first).
    expect(unwrap(inputsOf("wec1-klusterlet-operator"))).toMatchObject({
      kubeconfig: WEC,
      clusterName: "wec1",
      registry: "quay.io/open-cluster-management",
      tag: "v1.3.1",
    });
    expect(pulumi.runtime.isRpcSecret(inputsOf("wec1-klusterlet-operator").kubeconfig)).toBe(true);
    const operatorResource = constructed.find((c) => c.name === "wec1-klusterlet-operator")!.resource;
    expect(constructed.find((c) => c.name === "wec1-klusterlet")!.opts.dependsOn).toContain(operatorResource);
    // The WEC's own join identity: the token is minted for it, and acceptance approves only it.
    expect(inputsOf("wec1-join-sa").metadata).toMatchObject({
      name: "ksits-join-wec1",
      namespace: "open-cluster-management",
    });
    expect(inputsOf("wec1-join-binding").subjects).toEqual([
      { kind: "ServiceAccount", name: "ksits-join-wec1", namespace: "open-cluster-management" },
    ]);
    expect(inputsOf("wec1-join-binding").roleRef.name).toBe(inputsOf("wec1-join-role").metadata.name);
    expect(unwrap(inputsOf("wec1-acceptance"))).toMatchObject({
      joinIdentity: "system:serviceaccount:open-cluster-management:ksits-join-wec1",
      csrApproval: "JoinIdentity",
    });
    expect(unwrap(inputsOf("wec1-wec-k8s"))).toEqual({ kubeconfig: WEC, clusterIdentifier: "wec-wec1" });
    expect(pulumi.runtime.isRpcSecret(inputsOf("wec1-wec-k8s").kubeconfig)).toBe(true);
    expect(unwrap(inputsOf("wec1-bootstrap-token"))).toMatchObject({
      kubeconfig: ITS,
      serviceAccount: "ksits-join-wec1",
      expirationSeconds: 3600,
    });
    expect(constructed.find((c) => c.name === "wec1-bootstrap-token")!.opts.additionalSecretOutputs).toEqual([
      "kubeconfig",
      "token",
    ]);
    expect(inputsOf("wec1-klusterlet-crd").metadata.name).toBe(
      "klusterlets.operator.open-cluster-management.io",
    );
    expect(inputsOf("wec1-agent-namespace").metadata).toEqual({ name: "open-cluster-management-agent" });
    const secret = inputsOf("wec1-bootstrap-hub-kubeconfig");
    expect(pulumi.runtime.isRpcSecret(secret.stringData)).toBe(true);
    const s = unwrap(secret);
    expect(s.metadata).toEqual({
      name: "bootstrap-hub-kubeconfig",
      namespace: "open-cluster-management-agent",
    });
    expect(s.type).toBe("Opaque");
    expect(parse(s.stringData.kubeconfig)).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "hub",
          cluster: { server: "https://its.example:6443", "certificate-authority-data": "SVRTQ0E=" },
        },
      ],
      users: [{ name: "hub", user: { token: "minted-token" } }],
      contexts: [{ name: "hub", context: { cluster: "hub", user: "hub" } }],
      "current-context": "hub",
    });
    expect(inputsOf("wec1-klusterlet").spec).toEqual({
      clusterName: "wec1",
      namespace: "open-cluster-management-agent",
      deployOption: { mode: "Singleton" },
      registrationImagePullSpec: "quay.io/open-cluster-management/registration:v1.3.1",
      workImagePullSpec: "quay.io/open-cluster-management/work:v1.3.1",
      imagePullSpec: "quay.io/open-cluster-management/registration-operator:v1.3.1",
    });
    expect(unwrap(inputsOf("wec1-acceptance")).waitForCsr).toBe(true);
    expect(wec.wecProvider).toBe(constructed.find((c) => c.name === "wec1-wec-k8s")!.resource);
  });

  it("uses a given bootstrap token and hub URL instead of minting one", async () => {
    new mod.WorkloadExecutionCluster(
      "wec3",
      {
        itsKubeconfig: ITS,
        join: "klusterlet",
        wecKubeconfig: WEC,
        bootstrapToken: pulumi.secret("given-token"),
        joinIdentity: "system:serviceaccount:open-cluster-management:my-join",
        hubApiServer: "https://its.public.example",
        klusterletMode: "Default",
        imageTag: "v1.2.0",
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).toEqual([
      "wec3",
      "wec3-its-k8s",
      "wec3-managed-cluster",
      "wec3-properties",
      "wec3-wec-k8s",
      "wec3-klusterlet-crd",
      "wec3-agent-namespace",
      "wec3-bootstrap-hub-kubeconfig",
      "wec3-klusterlet-operator",
      "wec3-klusterlet",
      "wec3-acceptance",
    ]);
    expect(unwrap(inputsOf("wec3-klusterlet-operator")).tag).toBe("v1.2.0");
    expect(unwrap(inputsOf("wec3-acceptance")).joinIdentity).toBe(
      "system:serviceaccount:open-cluster-management:my-join",
    );
    const kc = parse(unwrap(inputsOf("wec3-bootstrap-hub-kubeconfig")).stringData.kubeconfig);
    expect(kc.clusters[0].cluster.server).toBe("https://its.public.example");
    expect(kc.users[0].user.token).toBe("given-token");
    expect(inputsOf("wec3-klusterlet").spec.deployOption).toEqual({ mode: "Default" });
    expect(inputsOf("wec3-klusterlet").spec.workImagePullSpec).toBe(
      "quay.io/open-cluster-management/work:v1.2.0",
    );
  });
});

describe("WorkloadExecutionCluster klusterlet operator", () => {
  it.each([
    ["klusterletOperator Never", { klusterletOperator: "Never" as const }],
    ["the Hosted mode (the operator runs on the management cluster)", { klusterletMode: "Hosted" as const }],
    ["the SingletonHosted mode", { klusterletMode: "SingletonHosted" as const }],
  ])("is not installed with %s", async (_, extra) => {
    new mod.WorkloadExecutionCluster(
      "wec4",
      { itsKubeconfig: ITS, join: "klusterlet", wecKubeconfig: WEC, ...extra },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map((r) => r.name)).not.toContain("wec4-klusterlet-operator");
    expect(rows().map((r) => r.name)).toContain("wec4-klusterlet");
  });
});

describe("WorkloadExecutionCluster join clusteradm", () => {
  it("runs clusteradm join with kubeconfig and token in secret env vars", async () => {
    new mod.WorkloadExecutionCluster(
      "wec1",
      {
        itsKubeconfig: ITS,
        join: "clusteradm",
        wecKubeconfig: WEC,
        bootstrapToken: "tok",
        csrApproval: "AnyBootstrapIdentity",
      },
      { transformations: [recorder] },
    );
    await settle();
    expect(rows().map(({ type, name, parent }) => ({ type, name, parent }))).toEqual([
      { type: T, name: "wec1" },
      { type: "pulumi:providers:kubernetes", name: "wec1-its-k8s", parent: "wec1" },
      {
        type: "kubernetes:cluster.open-cluster-management.io/v1:ManagedCluster",
        name: "wec1-managed-cluster",
        parent: "wec1",
      },
      { type: "kubernetes:core/v1:ConfigMap", name: "wec1-properties", parent: "wec1" },
      { type: "command:local:Command", name: "wec1-clusteradm-join", parent: "wec1" },
      { type: ACCEPTANCE, name: "wec1-acceptance", parent: "wec1" },
    ]);
    const cmd = inputsOf("wec1-clusteradm-join");
    expect(cmd.create).toBe(
      [
        "set -eu",
        "umask 077",
        'kc="$(mktemp)"',
        `trap 'rm -f "$kc"' EXIT`,
        `printf '%s' "$CLUSTERADM_KUBECONFIG" > "$kc"`,
        `KUBECONFIG="$kc" "$CLUSTERADM" join --hub-token "$CLUSTERADM_HUB_TOKEN" --hub-apiserver "$CLUSTERADM_HUB_APISERVER" '--cluster-name=wec1' --wait --singleton`,
      ].join("\n"),
    );
    expect(cmd.delete).toContain(`"$CLUSTERADM" unjoin '--cluster-name=wec1'`);
    expect(pulumi.runtime.isRpcSecret(cmd.environment)).toBe(true);
    expect(unwrap(cmd.environment)).toEqual({
      CLUSTERADM: "clusteradm",
      CLUSTERADM_KUBECONFIG: WEC,
      CLUSTERADM_HUB_TOKEN: "tok",
      CLUSTERADM_HUB_APISERVER: "https://its.example:6443",
    });
    expect(constructed.find((c) => c.name === "wec1-clusteradm-join")!.opts.additionalSecretOutputs).toEqual([
      "stdout",
    ]);
  });
});

describe("WorkloadExecutionCluster bad args", () => {
  it.each([
    [
      "wec1",
      { itsKubeconfig: ITS, properties: { "location-group": "edge" } },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - properties.location-group: property key "location-group" is not a Go identifier (letters, digits and '_', not starting with a digit, not a Go keyword), so KubeStellar templates could never use it; got "edge"`,
    ],
    [
      "Edge_1",
      { itsKubeconfig: ITS },
      `invalid WorkloadExecutionCluster "Edge_1" args:\n  - clusterName: defaults to the resource name "Edge_1", which must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit; set clusterName`,
    ],
    [
      "wec1",
      { itsKubeconfig: ITS, join: "klusterlet" },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - wecKubeconfig: is required when join is "klusterlet"; got undefined`,
    ],
    [
      "wec1",
      { itsKubeconfig: ITS, bootstrapToken: "secret-token" },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - bootstrapToken: has no effect with join "none" (the WEC is not touched); remove it or set join; got "<secret>"`,
    ],
    [
      "wec1",
      {
        itsKubeconfig: ITS,
        join: "klusterlet",
        wecKubeconfig: WEC,
        bootstrapToken: "shared-token",
        csrApproval: "Everyone",
      },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - csrApproval: must be one of "JoinIdentity", "AnyBootstrapIdentity"; got "Everyone"`,
    ],
    [
      "wec1",
      { itsKubeconfig: ITS, join: "klusterlet", wecKubeconfig: WEC, bootstrapToken: "shared-token" },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - joinIdentity: is required with your own bootstrapToken: the user the token authenticates as (or set csrApproval "AnyBootstrapIdentity"); got undefined`,
    ],
    [
      "wec1",
      { itsKubeconfig: ITS, join: "klusterlet", wecKubeconfig: WEC, joinIdentity: "someone" },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - joinIdentity: is this component's own with join "klusterlet" and no bootstrapToken (it mints the WEC's join identity); remove it; got "someone"`,
    ],
    [
      "wec1",
      { itsKubeconfig: ITS, joinIdentity: "someone", csrApproval: "AnyBootstrapIdentity" },
      `invalid WorkloadExecutionCluster "wec1" args:\n  - joinIdentity: has no effect with csrApproval "AnyBootstrapIdentity" (any bootstrap identity is approved); remove one; got "someone"`,
    ],
  ])("%s fails before any resource", async (name, args, expected) => {
    expect(
      messageOf(() => new mod.WorkloadExecutionCluster(name, args as any, { transformations: [recorder] })),
    ).toBe(expected);
    await new Promise((r) => setTimeout(r, 20));
    expect(registered).toEqual([]);
    expect(constructed).toEqual([]);
  });
});

describe("checkInput: a secret value is never shown in an error, whatever its argument", () => {
  it("a secret hubApiServer that is not https is refused without its value; a plain one is shown", async () => {
    const { checkInput } = await import("../../components/validation");
    const { workloadExecutionClusterArgsSchema } = await import("../../src/wec");
    const v = {
      schema: workloadExecutionClusterArgsSchema,
      subject: 'WorkloadExecutionCluster "wec1" args',
      inputKeys: ["itsKubeconfig", "wecKubeconfig", "hubApiServer"],
      secretKeys: ["itsKubeconfig", "wecKubeconfig"],
    };
    const args = { itsKubeconfig: ITS, join: "klusterlet", wecKubeconfig: WEC };
    const failure = (input: pulumi.Input<string>) =>
      // The Output's own promise rejects with the error the engine would report.
      (checkInput(v, args, "hubApiServer", input) as unknown as { promise(): Promise<string> })
        .promise()
        .then(
          () => "",
          (e: unknown) => (e as Error).message,
        );
    // The rejected Output's other promises reject too; they are collected here and scanned as well.
    const { watchUnhandledRejections } = await import("../support/unhandled-rejections");
    const watch = watchUnhandledRejections();
    const secret = await failure(pulumi.secret("http://hunter3-canary.example"));
    expect(secret).toContain('hubApiServer: must be an https:// URL; got "<secret>"');
    expect(secret).not.toContain("hunter3");
    const fromOtherResource = await failure(
      pulumi.output("x").apply(() => pulumi.secret("http://hunter3.b")),
    );
    expect(fromOtherResource).not.toContain("hunter3");
    expect(await failure(pulumi.output("http://plain.example"))).toContain('got "http://plain.example"');
    await new Promise((r) => setTimeout(r, 50));
    const others = watch.takeOthers();
    watch.stop();
    expect(others.join("\n")).not.toContain("hunter3");
  });
});
