/**
 * Workload objects generated from the API types, for the differential test against the real
 * kube-apiserver (test/e2e/api-server-generative.test.ts). Each case is a valid object of one
 * built-in kind a WEC can receive, with ONE site replaced by a generated value: the name, the
 * namespace, a label key or value, an annotation key, a ConfigMap or Secret data key, a pod
 * template label, a selector value. Values are built at and around every limit (63, 253, 52 and
 * 64 characters, prefixes, segments) from the characters the rules care about. A fixed seed gives
 * the same objects on every run.
 */
import { prng } from "./template-corpus-random";

export { prng };
type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** Where the generated value goes. */
export type Site =
  | "name"
  | "namespace"
  | "label-key"
  | "label-value"
  | "annotation-key"
  | "data-key"
  | "template-label-key"
  | "template-label-value"
  | "selector-value";

export interface ObjectCase {
  readonly id: number;
  readonly kind: string;
  readonly site: Site;
  readonly value: string;
  readonly object: Record<string, unknown>;
}

const podSpec = { containers: [{ name: "c", image: "registry.example/app:1" }] };
const podTemplate = (labels: Record<string, string>) => ({ metadata: { labels }, spec: podSpec });

/** A valid object of a kind, given its name, namespace and the pod/selector labels to use. */
interface KindSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Data map fields whose keys are validated (ConfigMap and Secret). */
  readonly dataFields?: readonly string[];
  /** Has a pod template whose labels a selector must match. */
  readonly podTemplate?: boolean;
  readonly body: (name: string, labels: Record<string, string>, selector: Record<string, string>) => object;
}

const KINDS: readonly KindSpec[] = [
  { apiVersion: "v1", kind: "Namespace", namespaced: false, body: () => ({}) },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    namespaced: true,
    dataFields: ["data", "binaryData"],
    body: () => ({ data: { k: "v" } }),
  },
  {
    apiVersion: "v1",
    kind: "Secret",
    namespaced: true,
    dataFields: ["data", "stringData"],
    body: () => ({ type: "Opaque", stringData: { k: "v" } }),
  },
  {
    apiVersion: "v1",
    kind: "Service",
    namespaced: true,
    body: (_n, _l, selector) => ({ spec: { selector, ports: [{ port: 80 }] } }),
  },
  { apiVersion: "v1", kind: "ServiceAccount", namespaced: true, body: () => ({}) },
  {
    apiVersion: "v1",
    kind: "Pod",
    namespaced: true,
    body: () => ({ spec: podSpec }),
  },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels, selector) => ({
      spec: { selector: { matchLabels: selector }, template: podTemplate(labels) },
    }),
  },
  {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels, selector) => ({
      spec: { serviceName: "svc", selector: { matchLabels: selector }, template: podTemplate(labels) },
    }),
  },
  {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels, selector) => ({
      spec: { selector: { matchLabels: selector }, template: podTemplate(labels) },
    }),
  },
  {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels, selector) => ({
      spec: { selector: { matchLabels: selector }, template: podTemplate(labels) },
    }),
  },
  {
    apiVersion: "batch/v1",
    kind: "Job",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels) => ({
      spec: { template: { metadata: { labels }, spec: { ...podSpec, restartPolicy: "Never" } } },
    }),
  },
  {
    apiVersion: "batch/v1",
    kind: "CronJob",
    namespaced: true,
    podTemplate: true,
    body: (_n, labels) => ({
      spec: {
        schedule: "*/5 * * * *",
        jobTemplate: {
          spec: { template: { metadata: { labels }, spec: { ...podSpec, restartPolicy: "Never" } } },
        },
      },
    }),
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    namespaced: true,
    body: () => ({ rules: [] }),
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    namespaced: false,
    body: () => ({ rules: [] }),
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    namespaced: true,
    body: () => ({ roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" } }),
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    namespaced: false,
    body: () => ({ roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" } }),
  },
  {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    namespaced: false,
    body: () => ({ value: 100 }),
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    namespaced: true,
    body: (_n, _l, selector) => ({ spec: { podSelector: { matchLabels: selector } } }),
  },
  {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    namespaced: true,
    body: (_n, _l, selector) => ({ spec: { minAvailable: 1, selector: { matchLabels: selector } } }),
  },
  {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    namespaced: true,
    body: () => ({ spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }),
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    namespaced: true,
    body: () => ({ spec: { defaultBackend: { service: { name: "svc", port: { number: 80 } } } } }),
  },
  {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    namespaced: false,
    body: (name) => {
      const [plural, ...group] = name.split(".");
      return {
        spec: {
          group: group.join("."),
          scope: "Namespaced",
          names: { plural, singular: "w", kind: "W", listKind: "WList" },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object" } },
            },
          ],
        },
      };
    },
  },
];

/** Characters the name and label rules treat differently. */
const CHARS = ["a", "z", "0", "9", "-", ".", "_", "A", "Z", "/", ":", "%", " ", "é", "~", "@"];

/** A run of `n` characters, mostly lower-case letters and digits, a few from CHARS. */
function run(r: Rand, n: number, noise: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += r() < noise ? pick(r, CHARS) : pick(r, ["a", "b", "x", "0", "7"]);
  return s;
}

/** Lengths at and around every limit the rules have. */
const LENGTHS = [0, 1, 2, 5, 52, 53, 62, 63, 64, 100, 252, 253, 254, 300];

/** A name-like value: DNS labels and subdomains near their limits, with edits at the edges. */
function nameValue(r: Rand): string {
  switch (int(r, 7)) {
    case 0:
      return run(r, pick(r, LENGTHS), 0);
    case 1:
      return run(r, pick(r, LENGTHS), 0.08);
    case 2: {
      // Segments: a subdomain of labels, one of them at or past 63.
      const segments = Array.from({ length: 1 + int(r, 4) }, () => run(r, pick(r, [1, 3, 62, 63, 64]), 0));
      return segments.join(".");
    }
    case 3:
      // An edge: a leading or trailing '-' or '.', or doubled.
      return `${pick(r, ["", "-", ".", "a-", "a."])}${run(r, 1 + int(r, 10), 0)}${pick(r, ["", "-", ".", "-a", "..a"])}`;
    case 4:
      return pick(r, [
        ".",
        "..",
        "a..b",
        "a.-b",
        "a-.b",
        "system-x",
        "system:x",
        "default",
        "kube-system",
        "A",
      ]);
    case 5:
      return `${run(r, 1 + int(r, 6), 0)}${pick(r, CHARS)}${run(r, 1 + int(r, 6), 0)}`;
    default:
      return `${run(r, pick(r, [3, 30, 60]), 0)}.${pick(r, ["example.com", "k8s.io", "x", "a-b.c"])}`;
  }
}

/** A label-key-like value: `[prefix/]name` with prefixes and names at and around their limits. */
function keyValue(r: Rand): string {
  switch (int(r, 5)) {
    case 0:
      return nameValue(r);
    case 1:
      return `${nameValue(r)}/${run(r, pick(r, [1, 10, 62, 63, 64]), 0)}`;
    case 2:
      return `${run(r, 3, 0)}.example.com/${run(r, 1 + int(r, 8), 0.15)}${pick(r, ["", "_", ".", "-"])}`;
    case 3:
      return pick(r, [
        "/a",
        "a/",
        "a/b/c",
        "bad key",
        "A_b.C-d",
        "_a",
        "a_",
        "example.com/",
        "Example.com/x",
      ]);
    default:
      return `${run(r, pick(r, [62, 63, 64]), 0)}${pick(r, ["", "_x", "-x", ".x"])}`;
  }
}

/** A label-value-like value: up to 64 characters of [-_.A-Za-z0-9] and a few others. */
function labelValue(r: Rand): string {
  switch (int(r, 4)) {
    case 0:
      return run(r, pick(r, [0, 1, 62, 63, 64, 65]), 0);
    case 1:
      return run(r, 1 + int(r, 20), 0.15);
    case 2:
      return `${pick(r, ["", "-", "_", ".", "A"])}${run(r, 1 + int(r, 5), 0)}${pick(r, ["", "-", "_", ".", "Z"])}`;
    default:
      return pick(r, ["x y", "a/b", "a:b", "A_b.C-d", "é", "a..b", "-", "_", "."]);
  }
}

/** A data-key-like value: config keys are [-._a-zA-Z0-9]+, at most 253. */
function dataKey(r: Rand): string {
  switch (int(r, 3)) {
    case 0:
      return keyValue(r);
    case 1:
      return pick(r, [".", "..", "...", "..a", ".a", "a..", "a/b", "a b", "_", "-", "A.B_c-d", "é"]);
    default:
      return run(r, pick(r, [1, 252, 253, 254]), 0.05);
  }
}

const SITES: readonly Site[] = [
  "name",
  "name",
  "namespace",
  "label-key",
  "label-value",
  "annotation-key",
  "data-key",
  "template-label-key",
  "template-label-value",
  "selector-value",
];

/** `count` cases for `seed`; each has a valid object of one kind with one site replaced. */
export function generateObjects(seed: number, count: number): ObjectCase[] {
  const r = prng(seed);
  const out: ObjectCase[] = [];
  while (out.length < count) {
    const spec = pick(r, KINDS);
    let site = pick(r, SITES);
    if (site === "namespace" && !spec.namespaced) site = "name";
    if (site === "data-key" && spec.dataFields === undefined) site = "label-key";
    if ((site === "template-label-key" || site === "template-label-value") && spec.podTemplate !== true)
      site = "label-value";
    if (
      site === "selector-value" &&
      ![
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "Service",
        "NetworkPolicy",
        "PodDisruptionBudget",
      ].includes(spec.kind)
    )
      site = "label-key";
    const id = out.length;
    const value =
      site === "name" || site === "namespace"
        ? nameValue(r)
        : site === "label-key" || site === "annotation-key" || site === "template-label-key"
          ? keyValue(r)
          : site === "data-key"
            ? dataKey(r)
            : labelValue(r);
    // A CRD's name is `<plural>.<group>`: most cases keep that shape around the generated value.
    const baseName = spec.kind === "CustomResourceDefinition" ? `ws${id}.gen.example.com` : `gen-${id}`;
    const name = site === "name" ? value : baseName;
    const labels: Record<string, string> = { app: "gen" };
    const selector: Record<string, string> = { app: "gen" };
    if (site === "template-label-key") labels[value] = "x";
    if (site === "template-label-value") labels.extra = value;
    if (site === "selector-value") {
      labels.app = value;
      selector.app = value;
    }
    const metadata: Record<string, unknown> = { name };
    if (spec.namespaced) metadata.namespace = site === "namespace" ? value : "default";
    if (site === "label-key") metadata.labels = { [value]: "x" };
    if (site === "label-value") metadata.labels = { l: value };
    if (site === "annotation-key") metadata.annotations = { [value]: "any text" };
    const object: Record<string, unknown> = {
      apiVersion: spec.apiVersion,
      kind: spec.kind,
      metadata,
      ...spec.body(name, labels, selector),
    };
    if (site === "data-key") {
      const field = pick(r, spec.dataFields!);
      const v = field === "stringData" || (field === "data" && spec.kind === "ConfigMap") ? "v" : "dg==";
      delete object.stringData;
      object[field] = { [value]: v };
    }
    out.push({ id, kind: spec.kind, site, value, object });
  }
  return out;
}
