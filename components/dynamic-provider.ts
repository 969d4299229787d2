import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import type { DynamicProviderKind, DynamicProviders } from "../src/provider/dynamic-entry";

/**
 * Where the dynamic providers' implementation lives, in two spellings. The serialized provider of
 * every dynamic resource of this library captures only these strings and a kind, and `require`s
 * the implementation when the engine calls it, so no library object (zod schemas, API clients)
 * and no credential is ever serialized into state, and `@kubernetes/client-node` is always the
 * library's own copy, never whatever the user's program happens to install.
 *
 * The package spelling comes first: the provider host resolves it from the program's directory,
 * so a stack checked out at another path (GitOps runners do that) loads the library installed
 * there. The absolute path of this build is the fallback for programs that do not install the
 * library as a package (this repository's own program and tests). The package spelling is
 * exported by name in package.json so it survives the `exports` map; it is recorded in state, so
 * it must never change.
 */
const PACKAGE_MODULE = "kubestellar-its/bin/src/provider/dynamic-entry";
const BUILD_MODULE = __filename.endsWith(".ts")
  ? // Loaded from TypeScript sources (tests): the provider host runs plain Node, so use the build.
    path.join(__dirname, "..", "bin", "src", "provider", "dynamic-entry")
  : path.join(__dirname, "..", "src", "provider", "dynamic-entry");

function loader<I, O>(
  packageModule: string,
  buildModule: string,
  kind: DynamicProviderKind,
): () => pulumi.dynamic.ResourceProvider<I, O> {
  // Everything this closure touches is a captured string or the host's `require`.
  return () => {
    let entry: { dynamicProviders?: DynamicProviders };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      entry = require(packageModule) as { dynamicProviders?: DynamicProviders };
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      entry = require(buildModule) as { dynamicProviders?: DynamicProviders };
    }
    const impl = entry.dynamicProviders?.[kind];
    if (impl === undefined)
      throw new Error(`kubestellar-its: no dynamic provider "${kind}" in ${buildModule}`);
    return impl as unknown as pulumi.dynamic.ResourceProvider<I, O>;
  };
}

/**
 * The provider object a dynamic resource of this library registers: each method loads the
 * implementation by module path (see above) and delegates. One mechanism for every kind.
 */
export function dynamicProvider<I, O>(kind: DynamicProviderKind): pulumi.dynamic.ResourceProvider<I, O> {
  const load = loader<I, O>(PACKAGE_MODULE, BUILD_MODULE, kind);
  return {
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}

/**
 * The arguments of `pulumi.dynamic.Resource`'s constructor for a dynamic resource of this library:
 * its provider, its type token `kubestellar-its:<kind>` (part of every URN: never change a kind),
 * and the outputs that are secrets. Spread into `super(...)`.
 */
export function dynamicResourceArgs<I, O>(
  kind: DynamicProviderKind,
  name: string,
  props: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[],
): [
  pulumi.dynamic.ResourceProvider<I, O>,
  string,
  pulumi.Inputs,
  pulumi.CustomResourceOptions,
  string,
  string,
] {
  return [
    dynamicProvider<I, O>(kind),
    name,
    props,
    pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secretOutputs] }),
    "kubestellar-its",
    kind,
  ];
}
