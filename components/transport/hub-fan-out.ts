import * as pulumi from "@pulumi/pulumi";
import { bundleOptionsInput, workloadInputs } from "../validation";
import type {
  FanOutCluster,
  FanOutGroupStatus,
  FanOutInputs,
  FanOutOutputs,
  FanOutPlan,
} from "../../src/transport";
import type { BundleOptionsArgs } from "../../src/transport";
import type { LabelSelector } from "../../src/kube";
import { FANOUT_PROVIDER_VERSION } from "../../src/transport";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Arguments of `HubFanOut`; `WorkloadBinding` with `delivery: HubFanOut` fills them. */
export interface HubFanOutArgs {
  /** Kubeconfig of the ITS. Keep it a secret. */
  itsKubeconfig: pulumi.Input<string>;
  /** Set name: sets are `<setName>-f<group>-<n>`. */
  setName: string;
  /** Hub namespace of the sets and Placements. */
  namespace: string;
  /** Label selectors (ORed) of the shared group's Placement. */
  clusterSelectors: pulumi.Input<pulumi.Input<LabelSelector>[]>;
  /**
   * Selected WECs the program knows, each a {@link FanOutCluster}: templated objects are expanded
   * for each (known later when they come from Outputs).
   */
  clusters: pulumi.Input<FanOutCluster[]>;
  /** Workload objects as plain data. @default [] */
  workloads?: pulumi.Input<Record<string, unknown>[]>;
  /** Workload objects as YAML text. @default [] */
  yaml?: pulumi.Input<string>[];
  /** Bundle options, as for per-WEC bundles. */
  options: BundleOptionsArgs;
}

/**
 * A binding's workloads as OCM ManifestWorkReplicaSets and Placements on the ITS, from which the
 * hub's controllers write each WEC's ManifestWork. A Pulumi dynamic resource
 * (`pulumi-nodejs:dynamic/kubestellar-its:HubFanOut`); its `check` plans the groups, so
 * `pulumi preview --diff` shows which set changes and, for templated groups, for which WECs.
 * Created by `WorkloadBinding` with `delivery: "HubFanOut"` (`binding.fanOut`).
 */
export class HubFanOut extends LibraryResource {
  /** Group → Placement, members (templated groups) and sets with their hashes. */
  declare public readonly plan: pulumi.Output<FanOutPlan>;
  /** Names of the ManifestWorkReplicaSets of every group, sorted (each WEC's ManifestWork takes its set's name). */
  declare public readonly setNames: pulumi.Output<string[]>;
  /**
   * How many objects the sets hold, summed over the groups: each object without templates once, and
   * each templated object once per group.
   */
  declare public readonly objectCount: pulumi.Output<number>;
  /** Σ manifest size of the objects that are not Secrets, summed over the groups as `objectCount` is. */
  declare public readonly totalBytes: pulumi.Output<number>;
  /** Per group: WECs selected, ManifestWorks the hub holds, applied and available. */
  declare public readonly status: pulumi.Output<Record<string, FanOutGroupStatus>>;
  /** WECs the hub's Placements selected, as of the last `up` or `refresh`. */
  declare public readonly selectedClusters: pulumi.Output<string[]>;

  constructor(name: string, args: HubFanOutArgs, opts?: pulumi.CustomResourceOptions) {
    const { workloads, yaml } = workloadInputs(`HubFanOut "${name}" args`, args.workloads, args.yaml);
    const props = {
      providerVersion: FANOUT_PROVIDER_VERSION,
      owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      itsKubeconfig: pulumi.secret(args.itsKubeconfig),
      setName: args.setName,
      namespace: args.namespace,
      clusterSelectors: args.clusterSelectors,
      clusters: args.clusters,
      workloads,
      yaml,
      options: bundleOptionsInput(args.options),
      plan: undefined,
      setNames: undefined,
      objectCount: undefined,
      totalBytes: undefined,
      status: undefined,
      selectedClusters: undefined,
    };
    super(
      ...dynamicResourceArgs<FanOutInputs, FanOutOutputs>("HubFanOut", name, props, opts, ["itsKubeconfig"]),
    );
  }
}
