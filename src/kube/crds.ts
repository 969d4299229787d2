import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { ClusterRoleObject, CustomResourceDefinitionObject } from "./resource-types";

/** Verbatim upstream OCM CRDs shipped with the library (`src/crds/`). */
export const CLUSTER_MANAGER_CRD_FILE =
  "0000_01_operator.open-cluster-management.io_clustermanagers.crd.yaml";
export const KLUSTERLET_CRD_FILE = "0000_00_operator.open-cluster-management.io_klusterlets.crd.yaml";
/** The hub operator's ClusterRole as OCM ships it (`deploy/cluster-manager/config/rbac/cluster_role.yaml`). */
export const CLUSTER_MANAGER_OPERATOR_ROLE_FILE = "cluster-manager-operator.clusterrole.yaml";
/** The klusterlet operator's ClusterRole as OCM ships it (`deploy/klusterlet/config/rbac/cluster_role.yaml`). */
export const KLUSTERLET_OPERATOR_ROLE_FILE = "klusterlet-operator.clusterrole.yaml";

/**
 * Where the CRD files are: `src/crds` of the package, reached from this module's folder
 * (`src/kube`) when run from source or from `bin/src/kube` when run compiled (tsc does not copy
 * YAML, so the package ships `src/crds`).
 */
export function crdDirectory(moduleDir: string = __dirname): string {
  const candidates = [join(moduleDir, "..", "crds"), join(moduleDir, "..", "..", "..", "src", "crds")];
  const found = candidates.find((dir) => existsSync(join(dir, CLUSTER_MANAGER_CRD_FILE)));
  if (found === undefined) throw new Error(`OCM CRD files not found in ${candidates.join(" or ")}`);
  return found;
}

/**
 * Reads one CRD file as a plain object ready to apply: the upstream file's placeholder `status`
 * (server-owned) is dropped. Throws when the file is not a CustomResourceDefinition.
 */
export function loadCrd(file: string, dir: string = crdDirectory()): CustomResourceDefinitionObject {
  const doc = parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== "object" || doc.kind !== "CustomResourceDefinition") {
    throw new Error(`${file} is not a CustomResourceDefinition`);
  }
  const crd = { ...doc };
  delete crd.status;
  // Parsed YAML whose kind was checked; the unit tests compare it with the upstream files.
  return crd as unknown as CustomResourceDefinitionObject;
}

/** One RBAC rule, as the builders take it and as an upstream ClusterRole file states it. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

/** Fresh, mutable copies of `rules` for a ClusterRole object (`resourceNames` only where set). */
export function clusterRoleRules(rules: readonly PolicyRule[]): {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}[] {
  return rules.map((r) => ({
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
    verbs: [...r.verbs],
  }));
}

/**
 * The rules of one upstream ClusterRole file shipped with the library (verbatim, so the role the
 * library grants is the one OCM grants, for the pinned version). Throws when it is not a ClusterRole.
 */
export function loadClusterRoleRules(file: string, dir: string = crdDirectory()): PolicyRule[] {
  const doc = parse(readFileSync(join(dir, file), "utf8")) as Partial<ClusterRoleObject> | null;
  if (doc === null || typeof doc !== "object" || doc.kind !== "ClusterRole" || !Array.isArray(doc.rules)) {
    throw new Error(`${file} is not a ClusterRole with rules`);
  }
  return doc.rules as PolicyRule[];
}
