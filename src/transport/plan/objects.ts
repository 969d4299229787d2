import type { InputIssue } from "../../kube";
import type { RedactableIssue } from "./redact";
import { annotationKeyIssues, contentNameProblem, kindFieldIssues } from "./object-fields";
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelKeyProblem,
  labelValueProblem,
  showValue,
} from "../../kube";

/** A Kubernetes object as plain data, the form workloads travel in. */
export interface KubeObject {
  /** `group/version`, or just the version for the core group (`v1`). */
  apiVersion: string;
  /** The object's kind, e.g. `Deployment`. */
  kind: string;
  /** The object's metadata; fields other than these four are carried as given. */
  metadata: {
    /** The object's name. */
    name: string;
    /** Its namespace; left out for cluster-scoped kinds. */
    namespace?: string;
    /** Its labels. */
    labels?: Record<string, string>;
    /** Its annotations (`control.kubestellar.io/expand-templates: "true"` opts it in to templates). */
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Where an object lands on a WEC, independent of its API version. */
export interface ObjectIdentity {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Built-in cluster-scoped kinds (`group/Kind`): the API server clears a namespace given to them,
 * so `Namespace x` with and without `metadata.namespace` are one object.
 */
const CLUSTER_SCOPED = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "networking.k8s.io/IngressClass",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "certificates.k8s.io/CertificateSigningRequest",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "cluster.open-cluster-management.io/ManagedCluster",
  "cluster.open-cluster-management.io/ManagedClusterSet",
]);

export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

export function identityOf(obj: KubeObject): ObjectIdentity {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const namespace = isClusterScoped(group, obj.kind) ? "" : (obj.metadata.namespace ?? "");
  return { group, version, kind: obj.kind, namespace, name: obj.metadata.name };
}

/** How the API server validates the name of a kind (apimachinery's name validators). */
type NameRule = "label" | "dns1035" | "segment" | "subdomain";
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  "/Namespace": "label",
  "/Service": "dns1035",
  "rbac.authorization.k8s.io/Role": "segment",
  "rbac.authorization.k8s.io/ClusterRole": "segment",
  "rbac.authorization.k8s.io/RoleBinding": "segment",
  "rbac.authorization.k8s.io/ClusterRoleBinding": "segment",
  "policy/PodDisruptionBudget": "segment",
  // Its pods are named <name>-<ordinal> and take the name as their hostname.
  "apps/StatefulSet": "label",
};
/**
 * Kinds whose names go into a label value of what they create (a Job's pods carry
 * `job-name: <name>`; a CronJob's Jobs are named <name>-<11 digits>): shorter than their rule.
 */
const NAME_MAX: Readonly<Record<string, number>> = { "batch/Job": 63, "batch/CronJob": 52 };
/** Annotations of one object may take at most this many bytes (keys and values). */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Why the API server would refuse `name` for `group/kind`, or undefined. */
function nameProblem(group: string, kind: string, name: string): string | undefined {
  const max = NAME_MAX[`${group}/${kind}`];
  if (max !== undefined && name.length > max)
    return `must be at most ${max} characters for a ${kind} (has ${name.length})`;
  switch (NAME_RULES[`${group}/${kind}`] ?? "subdomain") {
    case "label":
      return dns1123LabelProblem(name);
    case "dns1035":
      return dns1035LabelProblem(name);
    case "segment":
      if (name === "." || name === "..") return `may not be ${JSON.stringify(name)}`;
      return /[/%]/.test(name) ? "may not contain '/' or '%'" : undefined;
    case "subdomain":
      return dns1123SubdomainProblem(name);
  }
}

/**
 * Key that is unique per object on a WEC: `group/kind/namespace/name`. The version is left out on
 * purpose: `apps/v1` and `apps/v1beta2` of one Deployment are the same object on the cluster.
 */
export function identityKey(id: ObjectIdentity): string {
  return `${id.group}/${id.kind}/${id.namespace}/${id.name}`;
}

/** Human-readable name of an object for messages: `apps/v1 Deployment web/frontend`. */
export function describeObject(obj: { apiVersion?: unknown; kind?: unknown; metadata?: unknown }): string {
  const meta = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof meta.name === "string" && meta.name !== "" ? meta.name : "<no name>";
  const where =
    typeof meta.namespace === "string" && meta.namespace !== "" ? `${meta.namespace}/${name}` : name;
  const text = (v: unknown, missing: string): string => (typeof v === "string" && v !== "" ? v : missing);
  return `${text(obj.apiVersion, "<no apiVersion>")} ${text(obj.kind, "<no kind>")} ${where}`;
}

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const API_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9][a-z0-9]*$/;

function isStringMap(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")
  );
}

/**
 * Checks one workload object against what a ManifestWork can carry (the OCM webhook's and the
 * API server's embedded-resource rules). `path` prefixes every issue, e.g. `workloads[2]`.
 */
export function checkWorkloadObject(value: unknown, path: string): RedactableIssue[] {
  // Type, name and namespace are what the plan shows of every object (Secrets too): their
  // problems may be told in full. Label and annotation problems of a Secret are redacted.
  return objectIssues(value, path).map((issue) =>
    IDENTITY_FIELD.test(issue.path.slice(path.length)) ? { ...issue, redacted: issue.reason } : issue,
  );
}

const IDENTITY_FIELD = /^(|\.apiVersion|\.kind|\.metadata|\.metadata\.name|\.metadata\.namespace)$/;

function objectIssues(value: unknown, path: string): InputIssue[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    // Say what it is, never what it says: a file read by mistake may hold anything (a key, a token).
    const got =
      typeof value === "string"
        ? `text of ${value.length} characters (is this file YAML of Kubernetes objects?)`
        : Array.isArray(value)
          ? `a list of ${value.length} items`
          : value === null
            ? "null"
            : `a ${typeof value}`;
    return [{ path, reason: `must be a Kubernetes object (a mapping), got ${got}` }];
  }
  const obj = value as Record<string, unknown>;
  const who = describeObject(obj);
  const issues = typeIssues(obj, path, who);
  const meta = obj.metadata;
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) {
    issues.push({ path: `${path}.metadata`, reason: `${who}: metadata must be a mapping with a name` });
    return issues;
  }
  const m = meta as Record<string, unknown>;
  const { group } = splitApiVersion(typeof obj.apiVersion === "string" ? obj.apiVersion : "");
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  issues.push(
    ...nameIssues(obj, m, group, kind, path, who),
    ...metadataMapIssues(m, path, who),
    ...kindFieldIssues(obj, group, kind, path, who),
  );
  return issues;
}

/** apiVersion and kind: what every object must say it is. */
function typeIssues(obj: Record<string, unknown>, path: string, who: string): InputIssue[] {
  const issues: InputIssue[] = [];
  if (typeof obj.apiVersion !== "string" || !API_VERSION.test(obj.apiVersion)) {
    issues.push({
      path: `${path}.apiVersion`,
      reason: `${who}: apiVersion must be "<version>" or "<group>/<version>", got ${showValue(obj.apiVersion)}`,
    });
  }
  if (typeof obj.kind !== "string" || !KIND.test(obj.kind)) {
    issues.push({
      path: `${path}.kind`,
      reason: `${who}: kind must be a non-empty alphanumeric name like "Deployment", got ${showValue(obj.kind)}`,
    });
  }
  return issues;
}

/** metadata.name (required, no generateName, the kind's name rule) and metadata.namespace. */
function nameIssues(
  obj: Record<string, unknown>,
  m: Record<string, unknown>,
  group: string,
  kind: string,
  path: string,
  who: string,
): InputIssue[] {
  const issues: InputIssue[] = [];
  if (m.name === undefined || m.name === "") {
    issues.push({
      path: `${path}.metadata.name`,
      reason:
        m.generateName !== undefined
          ? `${who}: metadata.generateName is not allowed in a ManifestWork (the OCM webhook rejects it); set metadata.name`
          : `${who}: metadata.name is required`,
    });
  } else if (typeof m.name !== "string") {
    issues.push({ path: `${path}.metadata.name`, reason: `${who}: metadata.name must be a string` });
  } else {
    const problem = nameProblem(group, kind, m.name) ?? contentNameProblem(obj, group, kind, m.name);
    if (problem !== undefined) {
      issues.push({
        path: `${path}.metadata.name`,
        reason: `${who}: metadata.name ${showValue(m.name)} ${problem}`,
      });
    }
  }
  if (m.namespace !== undefined && m.namespace !== "") {
    const problem = typeof m.namespace === "string" ? dns1123LabelProblem(m.namespace) : "must be a string";
    if (problem !== undefined) {
      issues.push({
        path: `${path}.metadata.namespace`,
        reason: `${who}: metadata.namespace ${showValue(m.namespace)} ${problem}`,
      });
    }
  }
  return issues;
}

/** metadata.labels and metadata.annotations: string maps, valid keys and values, the annotations' total size. */
function metadataMapIssues(m: Record<string, unknown>, path: string, who: string): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const field of ["labels", "annotations"] as const) {
    if (m[field] !== undefined && !isStringMap(m[field])) {
      issues.push({
        path: `${path}.metadata.${field}`,
        reason: `${who}: metadata.${field} must map strings to strings`,
      });
    }
  }
  if (isStringMap(m.labels)) {
    for (const [key, value] of Object.entries(m.labels as Record<string, string>)) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(value);
      if (problem !== undefined)
        issues.push({ path: `${path}.metadata.labels`, reason: `${who}: ${problem}` });
    }
  }
  if (isStringMap(m.annotations)) {
    let bytes = 0;
    for (const [key, value] of Object.entries(m.annotations as Record<string, string>))
      bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    issues.push(...annotationKeyIssues(m.annotations, `${path}.metadata.annotations`, who));
    if (bytes > MAX_ANNOTATIONS_BYTES) {
      issues.push({
        path: `${path}.metadata.annotations`,
        reason: `${who}: annotations take ${bytes} bytes; the API server allows at most ${MAX_ANNOTATIONS_BYTES}`,
      });
    }
  }
  return issues;
}
