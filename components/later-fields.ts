import type * as pulumi from "@pulumi/pulumi";

/**
 * An object known only later (built from Outputs) as the args of a Kubernetes resource: each of
 * `keys` its own Output, since the SDK's args are objects of Inputs, not an Input of an object.
 * The caller names the args type: the builders' object types are the API's, which the SDK's
 * input types accept field by field.
 */
export function laterFields<A>(object: pulumi.Output<object>, keys: readonly string[]): A {
  const fields: Record<string, pulumi.Output<unknown>> = {};
  for (const key of keys) fields[key] = object.apply((o) => (o as Record<string, unknown>)[key]);
  return fields as A;
}
