import * as pulumi from "@pulumi/pulumi";
import { bundleOptionsInput, workloadInputs } from "../validation";
import type {
  BindingInputs,
  BindingOutputs,
  RecordedBindingPlan,
  BundleOptionsArgs,
  BundleStatusSummary,
  FanOutCluster,
} from "../../src/transport";
import { BINDING_PROVIDER_VERSION } from "../../src/transport";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Arguments of `BindingBundles`; `WorkloadBinding` with `delivery: PerWec` fills them. */
export interface BindingBundlesArgs {
  /** Kubeconfig of the ITS. Keep it a secret. */
  itsKubeconfig: pulumi.Input<string>;
  /** Bundle set name (the binding's name): ManifestWorks are `<setName>-<n>` in each mailbox. */
  setName: string;
  /**
   * The selected WECs with what their templates expand from, each a {@link FanOutCluster} (known
   * later when they come from Outputs).
   */
  clusters: pulumi.Input<FanOutCluster[]>;
  /** Workload objects as plain data. @default [] */
  workloads?: pulumi.Input<Record<string, unknown>[]>;
  /** Workload objects as YAML text. @default [] */
  yaml?: pulumi.Input<string>[];
  /** Bundle options, as for `ManifestWorkBundle`. */
  options: BundleOptionsArgs;
  /**
   * Whether `up` may withdraw the workload from every WEC it delivered to (see
   * `WorkloadBindingArgs.allowWithdrawAll`). @default false
   */
  allowWithdrawAll?: pulumi.Input<boolean | undefined>;
  /**
   * Names of the per-WEC `ManifestWorkBundle`s this binding had before 0.3.0, as `<prefix><wec>`:
   * their ManifestWorks are adopted (owner label only), not rewritten. @default `${setName}-`
   */
  legacyBundlePrefix?: string;
}

/**
 * Every selected WEC's ManifestWork bundles for one binding, from one resource
 * (`pulumi-nodejs:dynamic/kubestellar-its:BindingBundles`): the workload is stored once and each
 * WEC's record holds only its ManifestWorks' hashes and generations (and its templated objects'
 * hashes), so `pulumi preview --diff` names each WEC and ManifestWork that changes while the state
 * grows by a few hundred bytes per WEC. Each WEC's ManifestWorks are exactly what a
 * `ManifestWorkBundle` for it would write. Created by `WorkloadBinding` (`binding.bundleSet`).
 */
export class BindingBundles extends LibraryResource {
  /**
   * Object hashes, packings, and per WEC one line: its ManifestWorks (hash, generation, size) and
   * its templated objects' hashes (`decodeWecPlan` reads a line back).
   */
  declare public readonly plan: pulumi.Output<RecordedBindingPlan>;
  /** Selected WECs, sorted. */
  declare public readonly wecs: pulumi.Output<string[]>;
  /** How many workload objects each WEC receives (0 when no WEC is selected). */
  declare public readonly objectCount: pulumi.Output<number>;
  /**
   * Σ manifest size of one WEC's objects that are not Secrets (the first WEC by name; templates may
   * make another WEC's slightly different).
   */
  declare public readonly totalBytes: pulumi.Output<number>;
  /** WEC → ManifestWork → Applied, Available, a summary and feedback values. */
  declare public readonly status: pulumi.Output<Record<string, Record<string, BundleStatusSummary>>>;

  constructor(name: string, args: BindingBundlesArgs, opts?: pulumi.CustomResourceOptions) {
    const { workloads, yaml } = workloadInputs(`BindingBundles "${name}" args`, args.workloads, args.yaml);
    const stackPrefix = `${pulumi.getProject()}/${pulumi.getStack()}/`;
    const props = {
      providerVersion: BINDING_PROVIDER_VERSION,
      owner: `${stackPrefix}${name}`,
      legacyOwnerPrefix: `${stackPrefix}${args.legacyBundlePrefix ?? `${args.setName}-`}`,
      itsKubeconfig: pulumi.secret(args.itsKubeconfig),
      setName: args.setName,
      clusters: args.clusters,
      workloads,
      yaml,
      options: bundleOptionsInput(args.options),
      allowWithdrawAll: args.allowWithdrawAll,
      plan: undefined,
      wecs: undefined,
      objectCount: undefined,
      totalBytes: undefined,
      status: undefined,
    };
    super(
      ...dynamicResourceArgs<BindingInputs, BindingOutputs>("BindingBundles", name, props, opts, [
        "itsKubeconfig",
      ]),
    );
  }
}
