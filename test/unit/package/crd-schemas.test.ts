import { beforeAll, describe, expect, it } from "vitest";
import { buildClusterManager } from "../../../src/hub/cluster-manager";
import { buildControlPlane } from "../../../src/its/control-plane";
import { buildKlusterlet } from "../../../src/wec/klusterlet";
import { buildManagedCluster } from "../../../src/wec/managed-cluster";
import { buildManagedClusterSetBinding } from "../../../src/transport/plan/cluster-set";
import { planBundles } from "../../../src/transport/plan/plan";
import { planFanOut } from "../../../src/transport/plan/fanout-plan";
import { crdErrors, loadCrdValidators } from "../../support/crd-validator";

let validators: ReturnType<typeof loadCrdValidators>;
beforeAll(() => {
  validators = loadCrdValidators();
});

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
  spec: { replicas: 2, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
};

/** The hub fan-out's Placement and ManifestWorkReplicaSet, with a selector of every kind. */
function fanOutObjects(): Record<string, Record<string, unknown>> {
  const r = planFanOut({
    setName: "shop",
    namespace: "ksits-fanout",
    clusterSelectors: [
      { matchLabels: { tier: "edge" } },
      { matchExpressions: [{ key: "region", operator: "In", values: ["eu", "us"] }] },
    ],
    clusters: [],
    objects: [deployment],
    paths: ["workloads[0]"],
  });
  return { placement: r.placements[0]!, replicaSet: r.sets[0]! };
}

/** One of each builder, configured with every option it has. */
function builtObjects(): Record<string, Record<string, unknown>> {
  const plan = planBundles({
    setName: "shop",
    clusterName: "wec1",
    objects: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
      deployment,
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "settings", namespace: "shop" },
        data: { a: "b" },
      },
    ],
    options: {
      createOnly: [{ kind: "ConfigMap" }],
      serverSideApply: { force: true, fieldManager: "work-agent-its" },
      feedback: [
        { selector: { kind: "Deployment" }, type: "WellKnownStatus" },
        {
          selector: { kind: "Deployment" },
          type: "JSONPaths",
          jsonPaths: [{ name: "ready", path: ".status.readyReplicas" }],
        },
      ],
      deleteOption: { propagationPolicy: "SelectivelyOrphan", orphan: [{ kind: "Namespace" }] },
    },
  });
  return {
    managedCluster: buildManagedCluster({
      name: "wec1",
      labels: { "location-group": "edge" },
      annotations: { region: "east" },
      hubAcceptsClient: true,
      clusterSet: "edge",
      taints: [{ key: "example.com/maintenance", value: "true", effect: "PreferNoSelect" }],
      leaseDurationSeconds: 60,
      clientConfigs: [{ url: "https://wec1.example.com:6443", caBundle: "Y2E=" }],
    }),
    setBinding: buildManagedClusterSetBinding("edge", "team-a"),
    ...fanOutObjects(),
    manifestWork: plan.works[0]!,
    clusterManager: buildClusterManager({
      registrationImagePullSpec: "quay.io/open-cluster-management/registration:v1.3.1",
      workImagePullSpec: "quay.io/open-cluster-management/work:v1.3.1",
      placementImagePullSpec: "quay.io/open-cluster-management/placement:v1.3.1",
      addOnManagerImagePullSpec: "quay.io/open-cluster-management/addon-manager:v1.3.1",
      mode: "Default",
      registrationFeatureGates: [{ feature: "ManagedClusterAutoApproval", mode: "Enable" }],
      workFeatureGates: [{ feature: "ManifestWorkReplicaSet", mode: "Enable" }],
      autoApproveUsers: ["system:serviceaccount:open-cluster-management:agent-registration-bootstrap"],
    }),
    klusterlet: buildKlusterlet({
      clusterName: "wec1",
      mode: "Singleton",
      registrationImagePullSpec: "quay.io/open-cluster-management/registration:v1.3.1",
      workImagePullSpec: "quay.io/open-cluster-management/work:v1.3.1",
      imagePullSpec: "quay.io/open-cluster-management/registration-operator:v1.3.1",
      externalServerUrls: ["https://wec1.example.com:6443"],
    }),
    controlPlaneVcluster: buildControlPlane({
      name: "its1",
      type: "vcluster",
      postCreateHooks: [{ hookName: "its-hub-init" }, { hookName: "install-status-addon", vars: { v: "2" } }],
    }),
    controlPlaneHost: buildControlPlane({ name: "its2", type: "host" }),
    controlPlaneExternal: buildControlPlane({
      name: "its3",
      type: "external",
      bootstrapSecretRef: {
        name: "its3-bootstrap",
        namespace: "default",
        inClusterKey: "kubeconfig-incluster",
      },
      tokenExpirationSeconds: 3600,
    }),
  };
}

describe("builders against the real CRD schemas (test/fixtures/crds)", () => {
  it.each(Object.keys(builtObjects()))("%s is accepted by its CRD", (name) => {
    expect(crdErrors(validators, builtObjects()[name]!)).toEqual([]);
  });

  it("loads a schema for every OCM, KubeFlex and KubeStellar CRD", () => {
    expect([...validators.keys()].sort()).toEqual([
      "cluster.open-cluster-management.io/v1/ManagedCluster",
      "cluster.open-cluster-management.io/v1alpha1/AddOnPlacementScore",
      "cluster.open-cluster-management.io/v1alpha1/ClusterClaim",
      "cluster.open-cluster-management.io/v1beta1/Placement",
      "cluster.open-cluster-management.io/v1beta1/PlacementDecision",
      "cluster.open-cluster-management.io/v1beta2/ManagedClusterSet",
      "cluster.open-cluster-management.io/v1beta2/ManagedClusterSetBinding",
      "control.kubestellar.io/v1alpha1/Binding",
      "control.kubestellar.io/v1alpha1/BindingPolicy",
      "control.kubestellar.io/v1alpha1/CombinedStatus",
      "control.kubestellar.io/v1alpha1/CustomTransform",
      "control.kubestellar.io/v1alpha1/StatusCollector",
      "operator.open-cluster-management.io/v1/ClusterManager",
      "operator.open-cluster-management.io/v1/Klusterlet",
      "tenancy.kflex.kubestellar.org/v1alpha1/ControlPlane",
      "tenancy.kflex.kubestellar.org/v1alpha1/PostCreateHook",
      "work.open-cluster-management.io/v1/AppliedManifestWork",
      "work.open-cluster-management.io/v1/ManifestWork",
      "work.open-cluster-management.io/v1alpha1/ManifestWorkReplicaSet",
    ]);
  });
});

/** Each mutation breaks one schema rule; the validator must notice, or the checks above prove nothing. */
describe("the schema check bites", () => {
  const cases: [string, string, (o: Record<string, any>) => void, string][] = [
    [
      "managedCluster",
      "unknown taint effect",
      (o) => (o.spec.taints[0].effect = "NoSchedule"),
      "/spec/taints/0/effect must be equal to one of the allowed values",
    ],
    [
      "managedCluster",
      "misspelt field",
      (o) => (o.spec.hubAcceptClient = true),
      "/spec must NOT have additional properties (hubAcceptClient)",
    ],
    [
      "managedCluster",
      "taint without effect",
      (o) => delete o.spec.taints[0].effect,
      "/spec/taints/0 must have required property 'effect'",
    ],
    [
      "manifestWork",
      "manifest without kind",
      (o) => delete o.spec.workload.manifests[0].kind,
      "/spec/workload/manifests/0 must have required property 'kind'",
    ],
    [
      "manifestWork",
      "field manager without work-agent prefix",
      (o) => (o.spec.manifestConfigs[0].updateStrategy.serverSideApply.fieldManager = "pulumi"),
      '/spec/manifestConfigs/0/updateStrategy/serverSideApply/fieldManager must match pattern "^work-agent"',
    ],
    [
      "manifestWork",
      "unknown feedback rule type",
      (o) => (o.spec.manifestConfigs[2].feedbackRules[0].type = "Everything"),
      "/spec/manifestConfigs/2/feedbackRules/0/type must be equal to one of the allowed values",
    ],
    [
      "manifestWork",
      "resourceIdentifier without resource",
      (o) => delete o.spec.manifestConfigs[0].resourceIdentifier.resource,
      "/spec/manifestConfigs/0/resourceIdentifier must have required property 'resource'",
    ],
    [
      "manifestWork",
      "unknown delete policy",
      (o) => (o.spec.deleteOption.propagationPolicy = "Background"),
      "/spec/deleteOption/propagationPolicy must be equal to one of the allowed values",
    ],
    [
      "clusterManager",
      "Klusterlet-only mode",
      (o) => (o.spec.deployOption.mode = "Singleton"),
      "/spec/deployOption/mode must be equal to one of the allowed values",
    ],
    [
      "clusterManager",
      "feature gate mode",
      (o) => (o.spec.workConfiguration.featureGates[0].mode = "On"),
      "/spec/workConfiguration/featureGates/0/mode must be equal to one of the allowed values",
    ],
    [
      "controlPlaneHost",
      "unknown ControlPlane type",
      (o) => (o.spec.type = "kind"),
      "/spec/type must be equal to one of the allowed values",
    ],
    [
      "setBinding",
      "clusterSet empty",
      (o) => (o.spec.clusterSet = ""),
      "/spec/clusterSet must NOT have fewer than 1 characters",
    ],
    [
      "placement",
      "predicates that are not a list",
      (o) => (o.spec.predicates = "tier=edge"),
      "/spec/predicates must be array",
    ],
  ];
  it.each(cases)("%s: %s is rejected", (name, _what, mutate, expected) => {
    const obj = structuredClone(builtObjects()[name]!);
    expect(crdErrors(validators, obj)).toEqual([]);
    mutate(obj);
    expect(crdErrors(validators, obj)).toContain(expected);
  });
});
