import type { InputIssue } from "../errors";
import { showValue } from "../errors";
import { dns1123SubdomainProblem } from "../names";

/** A Kubernetes object as plain data, the form workloads travel in. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
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

export function identityOf(obj: KubeObject): ObjectIdentity {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return { group, version, kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name };
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
export function checkWorkloadObject(value: unknown, path: string): InputIssue[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [{ path, reason: `must be a Kubernetes object (a mapping), got ${showValue(value)}` }];
  }
  const obj = value as Record<string, unknown>;
  const issues: InputIssue[] = [];
  const who = describeObject(obj);
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
  const meta = obj.metadata;
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) {
    issues.push({ path: `${path}.metadata`, reason: `${who}: metadata must be a mapping with a name` });
    return issues;
  }
  const m = meta as Record<string, unknown>;
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
    const problem = dns1123SubdomainProblem(m.name);
    if (problem !== undefined) {
      issues.push({
        path: `${path}.metadata.name`,
        reason: `${who}: metadata.name ${showValue(m.name)} ${problem}`,
      });
    }
  }
  if (m.namespace !== undefined && m.namespace !== "") {
    if (typeof m.namespace !== "string" || dns1123SubdomainProblem(m.namespace) !== undefined) {
      issues.push({
        path: `${path}.metadata.namespace`,
        reason: `${who}: metadata.namespace must be a DNS-1123 label, got ${showValue(m.namespace)}`,
      });
    }
  }
  for (const field of ["labels", "annotations"] as const) {
    if (m[field] !== undefined && !isStringMap(m[field])) {
      issues.push({
        path: `${path}.metadata.${field}`,
        reason: `${who}: metadata.${field} must map strings to strings`,
      });
    }
  }
  return issues;
}
