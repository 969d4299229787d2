import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import type { ManifestWorkBundleArgs } from "../src/schemas/bundle";
import { MANIFEST_WORK_BUNDLE_ARG_KEYS, pickBundleOptions, unknownArgIssues } from "../src/schemas/bundle";
import { inputPropertiesError } from "../src/validation";
import type * as EntryModule from "../src/provider/dynamic-entry";
import type { BundleInputs, BundleOutputs, BundleStatusSummary } from "../src/provider/manifest-work-bundle";
import { BUNDLE_PROVIDER_VERSION } from "../src/provider/manifest-work-bundle";
import type { BundlePlan } from "../src/transport/plan";

/**
 * Absolute path of the compiled provider implementation. The closure-serialized provider below
 * captures only this string and `require`s the implementation when the engine calls it, so no
 * library object (zod schemas, API clients) and no credential is ever serialized into state.
 */
const PROVIDER_MODULE = __filename.endsWith(".ts")
  ? // Loaded from TypeScript sources (tests, ts-node): the host runs plain Node, so use the build.
    path.join(__dirname, "..", "bin", "src", "provider", "dynamic-entry")
  : path.join(__dirname, "..", "src", "provider", "dynamic-entry");
/** Fallback for a program that installed this package as a dependency and moved since. */
const PROVIDER_PACKAGE_MODULE = "kubestellar-its/bin/src/provider/dynamic-entry";

type Impl = typeof EntryModule.bundleProvider;

function makeProvider(
  modulePath: string,
  packageModule: string,
): pulumi.dynamic.ResourceProvider<BundleInputs, BundleOutputs> {
  const load = (): Impl => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require(modulePath) as { bundleProvider: Impl }).bundleProvider;
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require(packageModule) as { bundleProvider: Impl }).bundleProvider;
    }
  };
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props ?? ({} as BundleOutputs)),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}

/**
 * Workloads for one WEC as ManifestWork bundles in its mailbox namespace on the ITS.
 *
 * A Pulumi dynamic resource (`pulumi-nodejs:dynamic/kubestellar-its:ManifestWorkBundle`). Its
 * `check` validates and plans the bundles, so `pulumi preview --diff` shows the `plan` input:
 * which ManifestWork is created, rewritten (new hash) or deleted. Editing one object rewrites at
 * most 2 ManifestWorks; an unchanged program changes none.
 */
export class ManifestWorkBundle extends pulumi.dynamic.Resource {
  /** ManifestWork name → content hash, generation and objects. */
  declare public readonly plan: pulumi.Output<BundlePlan>;
  declare public readonly bundleNames: pulumi.Output<string[]>;
  declare public readonly objectCount: pulumi.Output<number>;
  declare public readonly totalBytes: pulumi.Output<number>;
  /** Per bundle: Applied, Available, a summary and feedback values. */
  declare public readonly status: pulumi.Output<Record<string, BundleStatusSummary>>;

  constructor(name: string, args: ManifestWorkBundleArgs, opts?: pulumi.CustomResourceOptions) {
    // Everything else is checked by the provider's check (at preview), where Outputs are known.
    const unknown = unknownArgIssues(args, MANIFEST_WORK_BUNDLE_ARG_KEYS);
    if (unknown.length > 0) throw inputPropertiesError(`ManifestWorkBundle "${name}" args`, unknown);
    const setName = args.bundleSetName ?? name;
    const workloads = pulumi
      .output(args.workloads ?? [])
      .apply((ws) => (ws.some((w) => w.kind === "Secret") ? pulumi.secret(ws) : ws));
    const yaml = pulumi
      .output(args.yaml ?? [])
      .apply((docs) =>
        docs.some((d) => /^kind:\s*["']?Secret["']?\s*$/m.test(d)) ? pulumi.secret(docs) : docs,
      );
    const options = pickBundleOptions(args);
    const props = {
      providerVersion: BUNDLE_PROVIDER_VERSION,
      owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      itsKubeconfig: pulumi.secret(args.itsKubeconfig),
      clusterName: args.clusterName,
      bundleSetName: setName,
      workloads,
      yaml,
      clusterLabels: args.clusterLabels ?? {},
      clusterAnnotations: args.clusterAnnotations ?? {},
      properties: args.properties ?? {},
      options: JSON.parse(JSON.stringify(options)) as Record<string, unknown>,
      plan: undefined,
      bundleNames: undefined,
      objectCount: undefined,
      totalBytes: undefined,
      status: undefined,
    };
    super(
      makeProvider(PROVIDER_MODULE, PROVIDER_PACKAGE_MODULE),
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["itsKubeconfig"] }),
      "kubestellar-its",
      "ManifestWorkBundle",
    );
  }
}

/**
 * The provider object exactly as `ManifestWorkBundle` registers it; exported for the test that
 * serializes it and drives it through the real dynamic-provider host over gRPC.
 * @internal
 */
export function bundleResourceProvider(): pulumi.dynamic.ResourceProvider<BundleInputs, BundleOutputs> {
  return makeProvider(PROVIDER_MODULE, PROVIDER_PACKAGE_MODULE);
}
