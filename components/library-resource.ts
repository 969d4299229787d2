import * as pulumi from "@pulumi/pulumi";
import { PACKAGE_NAME, typeToken } from "../src/package/exposure";
import { isComponentProvider } from "./package/mode";
import { packageVersion } from "./package/package-root";

/**
 * A resource of this library's transport, served by the component provider itself: the type token
 * `kubestellar-its:index:<kind>`, which the engine sends to `pulumi-resource-kubestellar-its` (the
 * same plugin, the same version). It takes `pulumi.dynamic.Resource`'s arguments and ignores the
 * provider object: the component provider dispatches by kind to the same implementations
 * (`src/provider/dynamic-entry`).
 */
class ComponentProviderResource extends pulumi.CustomResource {
  constructor(
    _provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
    module?: string,
    type = "Resource",
  ) {
    if (module !== PACKAGE_NAME)
      throw new Error(`kubestellar-its: resource ${name} is not of this package (${module})`);
    super(typeToken(type), name, props, pulumi.mergeOptions(opts, { version: packageVersion() }));
  }
}

/**
 * What every resource of the transport extends. In a TypeScript program it is exactly
 * `pulumi.dynamic.Resource` (a dynamic resource whose serialized provider loads the implementation
 * by module path). In the multi-language component provider it is a resource of the provider's own
 * package: a dynamic resource there would need the engine's `pulumi-resource-pulumi-nodejs` to
 * resolve `@pulumi/pulumi` from the program's folder, which a YAML or Python program does not have
 * (pulumi/pulumi#5455).
 */
export const LibraryResource: typeof pulumi.dynamic.Resource = isComponentProvider()
  ? ComponentProviderResource
  : pulumi.dynamic.Resource;
