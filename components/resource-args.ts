import type * as k8s from "@pulumi/kubernetes";

/**
 * A plain object from a pure builder as the args of a typed Kubernetes resource. The builders'
 * output is validated against the real schemas in the unit tests, so the cast is checked there.
 * @internal
 */
export function asArgs<T>(object: Record<string, unknown> | undefined): T {
  if (object === undefined) throw new Error("builder returned fewer objects than expected");
  return object as unknown as T;
}

/** A plain object from a builder as the args of a `CustomResource`. @internal */
export function customResourceArgs(object: Record<string, unknown>): k8s.apiextensions.CustomResourceArgs {
  return asArgs<k8s.apiextensions.CustomResourceArgs>(object);
}
