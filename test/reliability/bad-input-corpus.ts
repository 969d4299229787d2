/**
 * The bad-input corpus: each case is input a user could plausibly write, and the words the error
 * must contain (the property path or object, and the bad value or rule). Shared by the fast
 * check-level suite and the sandbox suite that runs `pulumi preview` on the same cases.
 */
import { buildTokenKubeconfig } from "../../src/kube/kubeconfig";

export type CaseKind = "bundle" | "binding" | "wec" | "its" | "hub" | "program";

export interface BadInputCase {
  readonly id: string;
  readonly kind: CaseKind;
  /** Overrides merged into a valid baseline input of that kind. */
  readonly input: Record<string, unknown>;
  /** Every string must appear in the error. */
  readonly expect: readonly string[];
  /** What the sandbox suite expects instead, where a component reports it (default: `expect`). */
  readonly previewExpect?: readonly string[];
  /** A secret value in the input that must not appear in the error (or anywhere in the output). */
  readonly canary?: string;
  /** Needs a real engine or network (the sandbox suite only): e.g. an unreachable API server. */
  readonly previewOnly?: boolean;
  /**
   * A hub fault a preview plans through: `pulumi preview` succeeds and its output holds these
   * fragments (the warning), and `pulumi up` fails with `expect`, applying nothing.
   */
  readonly previewWarns?: readonly string[];
}

/** Stands for the kubeconfig of an API server that accepts connections and never answers. */
export const SILENT_SERVER_KUBECONFIG = "<kubeconfig of a server that never answers>";
/** Stands for the kubeconfig of the sandbox's WEC "wec1" (a klusterlet's cluster, not a hub). */
export const WEC_KUBECONFIG = "<kubeconfig of WEC wec1>";
/** Stands for the sandbox hub's kubeconfig with its token replaced by one the hub rejects. */
export const REJECTED_TOKEN_KUBECONFIG = "<hub kubeconfig with a rejected token>";

const kubeconfigFor = (server: string) => buildTokenKubeconfig({ server, token: "t" });

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "app" },
  data: { a: "b" },
  ...extra,
});

export const BAD_INPUTS: readonly BadInputCase[] = [
  // Workload objects (ManifestWorkBundle check)
  {
    id: "object without kind",
    kind: "bundle",
    input: { workloads: [{ apiVersion: "v1", metadata: { name: "x" } }] },
    expect: ["workloads[0].kind", "kind must be"],
  },
  {
    id: "object without apiVersion",
    kind: "bundle",
    input: { workloads: [{ kind: "ConfigMap", metadata: { name: "x" } }] },
    expect: ["workloads[0].apiVersion", "apiVersion must be"],
  },
  {
    id: "object without metadata",
    kind: "bundle",
    input: { workloads: [{ apiVersion: "v1", kind: "ConfigMap" }] },
    expect: ["workloads[0].metadata", "metadata must be a mapping"],
  },
  {
    id: "object without name",
    kind: "bundle",
    input: { workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }] },
    expect: ["workloads[0].metadata.name", "metadata.name is required"],
  },
  {
    id: "generateName only",
    kind: "bundle",
    input: { workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "x-" } }] },
    expect: ["workloads[0].metadata.name", "generateName is not allowed"],
  },
  {
    id: "upper-case object name",
    kind: "bundle",
    input: { workloads: [cm("Bad_Name")] },
    expect: ["workloads[0].metadata.name", '"Bad_Name"', "DNS-1123"],
  },
  {
    id: "object that is a string",
    kind: "bundle",
    input: { workloads: ["kind: ConfigMap"] },
    expect: ["workloads[0]", "must be a Kubernetes object"],
  },
  {
    id: "duplicate object",
    kind: "bundle",
    input: { workloads: [cm("a"), cm("a")] },
    expect: ["workloads[1]", "v1 ConfigMap app/a is declared twice"],
  },
  {
    id: "same object at two API versions",
    kind: "bundle",
    input: {
      workloads: [
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "app" } },
        { apiVersion: "apps/v1beta2", kind: "Deployment", metadata: { name: "d", namespace: "app" } },
      ],
    },
    expect: ["workloads[1]", "declared twice"],
  },
  {
    id: "object over 512000 bytes",
    kind: "bundle",
    input: { workloads: [cm("big", { data: { a: "x".repeat(520_000) } })] },
    expect: ["workloads[0]", "v1 ConfigMap app/big is 520", "512000-byte limit"],
  },
  {
    id: "Secret workload with a bad name",
    kind: "bundle",
    input: {
      workloads: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "Db_Password", namespace: "app" },
          stringData: { password: "corpus-canary-5b1f0c" },
        },
      ],
    },
    expect: ["workloads[0].metadata.name", '"Db_Password"', "DNS-1123"],
    canary: "corpus-canary-5b1f0c",
  },
  {
    id: "labels that are not strings",
    kind: "bundle",
    input: { workloads: [cm("a", { metadata: { name: "a", labels: { n: 1 } } })] },
    expect: ["workloads[0].metadata.labels", "must map strings to strings"],
  },
  {
    id: "template with a missing key",
    kind: "bundle",
    input: {
      workloads: [
        cm("t", {
          metadata: { name: "t", annotations: { "control.kubestellar.io/expand-templates": "true" } },
          data: { z: "{{ .zone }}" },
        }),
      ],
    },
    expect: ["workloads[0].data.z", 'map has no entry for key "zone"'],
  },
  {
    id: "template that calls a function KubeStellar does not have",
    kind: "bundle",
    input: {
      workloads: [
        cm("t", {
          metadata: { name: "t", annotations: { "control.kubestellar.io/expand-templates": "true" } },
          data: { z: "{{ upper .clusterName }}" },
        }),
      ],
    },
    expect: ["workloads[0].data.z", 'function "upper" not defined'],
  },
  {
    id: "malformed YAML",
    kind: "bundle",
    input: { yaml: ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"] },
    expect: ["yaml[0]", "kubectl cannot read"],
  },
  {
    id: "YAML with a tab as indentation",
    kind: "bundle",
    input: { yaml: ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n"] },
    expect: ["yaml[0]", "kubectl cannot read"],
  },
  {
    id: "YAML document without kind",
    kind: "bundle",
    input: { yaml: ["apiVersion: v1\nmetadata: {name: x}\n"] },
    expect: ["yaml[0] document 1.kind"],
  },
  {
    id: "kubeconfig that is not one",
    kind: "bundle",
    input: { itsKubeconfig: "hello" },
    expect: ["itsKubeconfig", "is not a kubeconfig"],
  },
  {
    id: "WEC name that is not a namespace",
    kind: "bundle",
    input: { clusterName: "Edge_1" },
    expect: ["clusterName", '"Edge_1" is not a valid namespace name'],
  },
  { id: "maxBytes zero", kind: "bundle", input: { options: { maxBytes: 0 } }, expect: ["options.maxBytes"] },
  {
    id: "unknown waitFor",
    kind: "bundle",
    input: { options: { waitFor: "Ready" } },
    expect: ["options.waitFor", '"Ready"', '"Applied"'],
  },
  {
    id: "field manager without work-agent prefix",
    kind: "bundle",
    input: { options: { serverSideApply: { fieldManager: "pulumi" } } },
    expect: ["options.serverSideApply.fieldManager", "work-agent"],
  },
  {
    id: "JSONPaths rule without paths",
    kind: "bundle",
    input: { options: { feedback: [{ selector: {}, type: "JSONPaths" }] } },
    expect: ["options.feedback[0].jsonPaths", "at least one path"],
  },
  {
    id: "JSONPath not from the object root",
    kind: "bundle",
    input: {
      options: {
        feedback: [{ selector: {}, type: "JSONPaths", jsonPaths: [{ name: "r", path: "status.ready" }] }],
      },
    },
    expect: ["options.feedback[0].jsonPaths[0].path", "status.ready"],
  },
  {
    id: "orphan rules without SelectivelyOrphan",
    kind: "bundle",
    input: { options: { orphan: [{ kind: "Namespace" }] } },
    expect: ["options.orphan", "SelectivelyOrphan"],
  },
  {
    id: "unknown delete policy",
    kind: "bundle",
    input: { options: { deletePropagationPolicy: "Background" } },
    expect: ["options.deletePropagationPolicy", '"Background"'],
  },
  {
    id: "misspelt option",
    kind: "bundle",
    input: { options: { maxObject: 3 } },
    expect: ["options", '"maxObject"'],
    // The component takes options as top-level arguments and rejects the unknown one itself.
    previewExpect: ["maxObject", 'unknown property "maxObject"; check the spelling'],
  },
  // The ITS API server, probed by check (sandbox suite only). One that does not answer lets a
  // preview plan from inputs and state, with a warning; up then refuses before writing.
  {
    id: "unreachable ITS API server",
    kind: "bundle",
    input: { itsKubeconfig: kubeconfigFor("https://127.0.0.1:1") },
    expect: ["itsKubeconfig: cannot reach the ITS API server https://127.0.0.1:1"],
    previewWarns: [
      "warning: cannot reach the ITS API server https://127.0.0.1:1",
      "This preview planned from the inputs and the state only",
    ],
  },
  {
    id: "ITS API server that never answers",
    kind: "bundle",
    input: { itsKubeconfig: SILENT_SERVER_KUBECONFIG },
    expect: ["itsKubeconfig: cannot reach the ITS API server", "no answer within 10s"],
    previewWarns: ["no answer within 10s", "This preview planned from the inputs and the state only"],
  },
  {
    id: "a WEC's kubeconfig given as the ITS",
    kind: "bundle",
    input: { itsKubeconfig: WEC_KUBECONFIG },
    expect: ["itsKubeconfig: points at", "a WEC: it serves OCM's AppliedManifestWork, not ManifestWork"],
    previewOnly: true,
  },
  // The hub's own API server judges what the library's local rules do not know (server-side
  // dry-run at preview): spec rules, per-kind name rules, data keys.
  {
    id: "StatefulSet container name with an underscore (the hub refuses it)",
    kind: "bundle",
    input: {
      workloads: [
        {
          apiVersion: "apps/v1",
          kind: "StatefulSet",
          metadata: { name: "web", namespace: "app" },
          spec: {
            selector: { matchLabels: { app: "web" } },
            serviceName: "web",
            template: {
              metadata: { labels: { app: "web" } },
              spec: { containers: [{ name: "Web_1", image: "nginx" }] },
            },
          },
        },
      ],
    },
    expect: [
      "workloads[0]",
      'StatefulSet app/web for WEC "wec1"',
      "the ITS API server refuses it",
      'spec.template.spec.containers[0].name: Invalid value: "Web_1"',
    ],
    previewOnly: true,
  },
  {
    id: "Deployment without a selector (the hub refuses it)",
    kind: "bundle",
    input: {
      workloads: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", namespace: "app" },
          spec: { template: { spec: { containers: [{ name: "c", image: "nginx" }] } } },
        },
      ],
    },
    expect: ["workloads[0]", "the ITS API server refuses it", "spec.selector: Required value"],
    previewOnly: true,
  },
  {
    id: "ConfigMap data key with a space",
    kind: "bundle",
    input: { workloads: [cm("cfg", { data: { "bad key": "v" } })] },
    expect: ["workloads[0].data", 'data key "bad key" must consist of alphanumerics'],
  },
  {
    id: "Secret data key with a slash: refused, the key not quoted",
    kind: "bundle",
    input: {
      workloads: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "creds", namespace: "app" },
          stringData: { "canary/Zq8xK2": "hunter2-canary-Zq8xK2" },
        },
      ],
    },
    expect: [
      "workloads[0].stringData",
      "v1 Secret app/creds: a stringData key must consist of alphanumerics",
    ],
    canary: "Zq8xK2",
  },
  {
    id: "TLS Secret without its certificate (the hub refuses it, nothing quoted)",
    kind: "bundle",
    input: {
      workloads: [
        {
          apiVersion: "v1",
          kind: "Secret",
          type: "kubernetes.io/tls",
          metadata: { name: "tls", namespace: "app" },
          stringData: { "tls.key": "key-canary-Vb7Qw3" },
        },
      ],
    },
    expect: ["workloads[0]", "v1 Secret app/tls", "the ITS API server refuses it", "FieldValueRequired"],
    canary: "Vb7Qw3",
    previewOnly: true,
  },
  {
    id: "ITS token the API server rejects",
    kind: "bundle",
    input: { itsKubeconfig: REJECTED_TOKEN_KUBECONFIG },
    expect: ["itsKubeconfig", "rejected the kubeconfig's credentials (HTTP 401"],
    previewOnly: true,
  },
  // Bindings
  {
    id: "unknown selector operator",
    kind: "binding",
    input: { clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "Like", values: ["e"] }] }] },
    expect: ["clusterSelectors[0].matchExpressions[0].operator", '"Like"'],
  },
  {
    id: "In without values",
    kind: "binding",
    input: { clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "In" }] }] },
    expect: ["clusterSelectors[0].matchExpressions[0].values", "at least one value"],
  },
  {
    id: "Exists with values",
    kind: "binding",
    input: {
      clusterSelectors: [{ matchExpressions: [{ key: "region", operator: "Exists", values: ["x"] }] }],
    },
    expect: ["clusterSelectors[0].matchExpressions[0].values", "must not have values"],
  },
  {
    id: "invalid selector label key",
    kind: "binding",
    input: { clusterSelectors: [{ matchLabels: { "bad key": "x" } }] },
    expect: ["clusterSelectors[0].matchLabels", '"bad key"'],
  },
  {
    id: "invalid selector label value",
    kind: "binding",
    input: { clusterSelectors: [{ matchLabels: { region: "east west" } }] },
    expect: ["clusterSelectors[0].matchLabels", '"east west"'],
  },
  {
    id: "duplicate WECs in a binding",
    kind: "binding",
    input: { clusters: [{ name: "wec1" }, { name: "wec1" }] },
    expect: ["clusters[1].name", 'WEC "wec1" is listed twice'],
  },
  {
    id: "binding property key not a Go identifier",
    kind: "binding",
    input: { clusters: [{ name: "wec1", properties: { "my-zone": "a" } }] },
    expect: ["clusters[0].properties.my-zone", "not a Go identifier"],
  },
  {
    id: "binding name not a DNS label",
    kind: "binding",
    input: { name: "Shop!" },
    expect: ["name", '"Shop!"'],
  },
  // WEC registration
  {
    id: "WEC clusterName with a dot",
    kind: "wec",
    input: { clusterName: "edge.east" },
    expect: ["clusterName", '"edge.east"'],
  },
  {
    id: "WEC property key with a dash",
    kind: "wec",
    input: { properties: { "location-group": "edge" } },
    expect: ["properties.location-group", "not a Go identifier"],
  },
  {
    id: "WEC property key that is a Go keyword",
    kind: "wec",
    input: { properties: { func: "x" } },
    expect: ["properties.func", "not a Go identifier"],
  },
  {
    id: "WEC label value with a space",
    kind: "wec",
    input: { labels: { region: "us east" } },
    expect: ["labels", '"us east"'],
  },
  {
    id: "WEC taint effect from Kubernetes nodes",
    kind: "wec",
    input: { taints: [{ key: "k", effect: "NoSchedule" }] },
    expect: ["taints[0].effect", '"NoSchedule"'],
  },
  {
    id: "klusterlet join without a WEC kubeconfig",
    kind: "wec",
    input: { join: "klusterlet" },
    expect: ["wecKubeconfig", 'join is "klusterlet"'],
  },
  {
    id: "hub URL over http",
    kind: "wec",
    input: { join: "klusterlet", wecKubeconfig: "kc", hubApiServer: "http://hub:6443" },
    expect: ["hubApiServer", "https://"],
  },
  // ITS and hub
  {
    id: "unknown ITS type",
    kind: "its",
    input: { type: "kind" },
    expect: ["type", '"kind"', '"vcluster", "host", "external"'],
  },
  {
    id: "external ITS without kubeconfig",
    kind: "its",
    input: { type: "external", kubeconfig: undefined },
    expect: ["kubeconfig", 'type is "external"'],
  },
  {
    id: "host ITS without hosting kubeconfig",
    kind: "its",
    input: { type: "host", kubeconfig: undefined },
    expect: ["hostingKubeconfig", 'type is "host"'],
  },
  {
    id: "ControlPlane name too long",
    kind: "its",
    input: { controlPlaneName: "a".repeat(60) },
    expect: ["controlPlaneName", "at most 56"],
  },
  {
    id: "unknown installer",
    kind: "hub",
    input: { installer: "helm" },
    expect: ["installer", '"helm"', '"declarative", "clusteradm", "none"'],
  },
  {
    id: "ClusterManager mode of a Klusterlet",
    kind: "hub",
    input: { mode: "Singleton" },
    expect: ["mode", '"Singleton"'],
  },
  {
    id: "feature gate mode On",
    kind: "hub",
    input: { workFeatureGates: [{ feature: "ManifestWorkReplicaSet", mode: "On" }] },
    expect: ["workFeatureGates[0].mode", '"On"'],
  },
  // Stack configuration of the root program
  {
    id: "duplicate WECs in stack config",
    kind: "program",
    input: {
      wecs: [
        { name: "wec1", its: "its1" },
        { name: "wec1", its: "its1" },
      ],
    },
    expect: ["wecs[1].name", '"wec1" is declared twice'],
  },
  {
    id: "WEC of an undeclared ITS",
    kind: "program",
    input: { wecs: [{ name: "wec1", its: "its9" }] },
    expect: ["wecs[0].its", '"its9" is not a declared ITS'],
  },
  {
    id: "binding of an undeclared workload set",
    kind: "program",
    input: { bindings: [{ name: "b", its: "its1", workloads: ["blog"], clusterSelectors: [] }] },
    expect: ["bindings[0].workloads[0]", '"blog" is not a declared workload set'],
  },
  {
    id: "ITS kubeconfig file that is YAML but not a kubeconfig",
    kind: "program",
    input: {
      itses: [{ name: "its1", kubeconfigFile: "test/fixtures/ocm-klusterlet-operator/namespace.yaml" }],
    },
    expect: ["itses[0].kubeconfigFile", "namespace.yaml", "is not a usable kubeconfig"],
    previewOnly: true,
  },
  {
    id: "workload file that is not Kubernetes objects",
    kind: "program",
    input: { workloads: [{ name: "shop", files: ["test/fixtures/yaml-regressions.json"] }] },
    expect: ["workloads[0].files[0]", "yaml-regressions.json", "not a Kubernetes object"],
    previewOnly: true,
  },
  {
    id: "misspelt config key",
    kind: "program",
    input: { binding: [{ name: "b", its: "its1", workloads: ["shop"], clusterSelectors: [] }] },
    expect: ["kubestellar-its:binding", "unknown config key", "kubestellar-its:bindings"],
  },
  {
    id: "binding with an unknown delivery",
    kind: "program",
    input: {
      bindings: [{ name: "a", its: "its1", workloads: ["shop"], clusterSelectors: [], delivery: "Hub" }],
    },
    expect: ["bindings[0].delivery", '"PerWec", "HubFanOut"', '"Hub"'],
  },
  {
    id: "binding named like a hub fan-out set",
    kind: "program",
    input: {
      bindings: [{ name: "web-f2", its: "its1", workloads: ["shop"], clusterSelectors: [] }],
    },
    expect: ["bindings[0].name", '"web-f2"', "-f<digits>"],
  },
  {
    id: "workload file that does not exist",
    kind: "program",
    input: { workloads: [{ name: "shop", files: ["does/not/exist.yaml"] }] },
    expect: ["workloads[0].files[0]", 'cannot read "does/not/exist.yaml" (ENOENT)'],
    previewOnly: true,
  },
  {
    id: "unset variable in a path",
    kind: "program",
    input: { workloads: [{ name: "shop", files: ["${KSITS_SURELY_UNSET_VAR}/shop.yaml"] }] },
    expect: ["workloads[0].files[0]", "${KSITS_SURELY_UNSET_VAR}, which is not set", "allowed:"],
    previewOnly: true,
  },
  {
    id: "shell-only expansion in a path",
    kind: "program",
    input: { itses: [{ name: "its1", kubeconfigFile: "$HOME/hub.kubeconfig" }] },
    expect: ["itses[0].kubeconfigFile", "has a $ that is not ${VAR}", "allowed:"],
    previewOnly: true,
  },
];
