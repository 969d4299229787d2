import type * as k8s from "@pulumi/kubernetes";

/**
 * The types builders return. Each is the object's real shape with plain values, so a component
 * passes it straight to the matching resource's args (the compiler checks that), and reads its
 * fields without a cast. Type-only: nothing here loads `@pulumi/kubernetes`.
 */

/** The metadata a builder sets: always a name. */
export type ObjectMeta = {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** A built-in kind as `@pulumi/kubernetes` types its input, with the metadata a builder sets. */
export type Built<T> = T & { apiVersion: string; kind: string; metadata: ObjectMeta };

export type NamespaceObject = Built<k8s.types.input.core.v1.Namespace>;
export type ServiceAccountObject = Built<k8s.types.input.core.v1.ServiceAccount>;
export type ClusterRoleObject = Built<k8s.types.input.rbac.v1.ClusterRole>;
export type ClusterRoleBindingObject = Built<k8s.types.input.rbac.v1.ClusterRoleBinding>;
export type DeploymentObject = Built<k8s.types.input.apps.v1.Deployment>;
export type ConfigMapObject = Built<k8s.types.input.core.v1.ConfigMap> & { data: Record<string, string> };
export type CustomResourceDefinitionObject = Built<k8s.types.input.apiextensions.v1.CustomResourceDefinition>;

/**
 * A custom resource: a type literal (not an interface), so it is assignable to
 * `CustomResourceArgs` and its open index signature.
 */
export type CustomObject<Spec> = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: Spec;
};
