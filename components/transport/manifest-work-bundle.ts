import * as pulumi from "@pulumi/pulumi";
import type {
  BundleInputs,
  BundleOutputs,
  BundlePlan,
  BundleStatusSummary,
  ManifestWorkBundleArgs,
} from "../../src/transport";
import {
  BUNDLE_PROVIDER_VERSION,
  MANIFEST_WORK_BUNDLE_ARG_KEYS,
  MANIFEST_WORK_BUNDLE_DEFAULTS as DEFAULTS,
  pickBundleOptions,
  unknownArgIssues,
} from "../../src/transport";
import { bundleOptionsInput, inputPropertiesError, workloadInputs } from "../validation";
import { dynamicProvider, dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/**
 * Workloads for one WEC as ManifestWork bundles in its mailbox namespace on the ITS.
 *
 * A Pulumi dynamic resource (`pulumi-nodejs:dynamic/kubestellar-its:ManifestWorkBundle`). Its
 * `check` validates and plans the bundles, so `pulumi preview --diff` shows the `plan` input:
 * which ManifestWork is created, rewritten (new hash) or deleted. Editing one object rewrites at
 * most 2 ManifestWorks; an unchanged program changes none.
 */
export class ManifestWorkBundle extends LibraryResource {
  /** ManifestWork name → content hash, generation and objects. */
  declare public readonly plan: pulumi.Output<BundlePlan>;
  /** Names of the set's ManifestWorks in the WEC's mailbox namespace, sorted; after a refresh, those found there. */
  declare public readonly bundleNames: pulumi.Output<string[]>;
  /** How many workload objects the bundles hold together. */
  declare public readonly objectCount: pulumi.Output<number>;
  /**
   * Σ manifest size of the objects that are not Secrets: a Secret's size would tell its value's
   * length, so no output counts it.
   */
  declare public readonly totalBytes: pulumi.Output<number>;
  /** Per bundle: Applied, Available, a summary and feedback values. */
  declare public readonly status: pulumi.Output<Record<string, BundleStatusSummary>>;

  constructor(name: string, args: ManifestWorkBundleArgs, opts?: pulumi.CustomResourceOptions) {
    // Everything else is checked by the provider's check (at preview), where Outputs are known.
    const unknown = unknownArgIssues(args, MANIFEST_WORK_BUNDLE_ARG_KEYS);
    if (unknown.length > 0) throw inputPropertiesError(`ManifestWorkBundle "${name}" args`, unknown);
    const setName = args.bundleSetName ?? name;
    // Secret-ness is decided on the parsed objects, in any notation and inside Lists.
    // Absent workloads and yaml are DEFAULTS' empty lists.
    const { workloads, yaml } = workloadInputs(
      `ManifestWorkBundle "${name}" args`,
      args.workloads,
      args.yaml,
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
      clusterLabels: args.clusterLabels ?? DEFAULTS.clusterLabels,
      clusterAnnotations: args.clusterAnnotations ?? DEFAULTS.clusterAnnotations,
      properties: args.properties ?? DEFAULTS.properties,
      options: bundleOptionsInput(options),
      plan: undefined,
      bundleNames: undefined,
      objectCount: undefined,
      totalBytes: undefined,
      status: undefined,
    };
    super(
      ...dynamicResourceArgs<BundleInputs, BundleOutputs>("ManifestWorkBundle", name, props, opts, [
        "itsKubeconfig",
      ]),
    );
  }
}

/**
 * The provider object exactly as `ManifestWorkBundle` registers it; exported for the test that
 * serializes it and drives it through the real dynamic-provider host over gRPC.
 * @internal
 */
export function bundleResourceProvider(): pulumi.dynamic.ResourceProvider<BundleInputs, BundleOutputs> {
  return dynamicProvider<BundleInputs, BundleOutputs>("ManifestWorkBundle");
}
