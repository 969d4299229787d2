import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { InputIssue, ItsReference, LabelSelector } from "../kube";
import type { BundleOptionsArgs } from "../transport";
import { bundleOptionRules, bundleOptionsShape, Delivery } from "../transport";
import {
  annotationMap,
  dnsLabel,
  enumOf,
  labelMap,
  labelSelectorSchema,
  propertyMap,
  withRules,
} from "../kube";

/** What a binding knows about one WEC it may select. */
export interface BindingClusterArgs {
  /** WEC name (mailbox namespace). */
  name: string;
  /** ManagedCluster labels. @default {} */
  labels?: Record<string, string>;
  /** ManagedCluster annotations. @default {} */
  annotations?: Record<string, string>;
  /** Customization properties. @default {} */
  properties?: Record<string, string>;
}

/**
 * A WEC declared in the same program, as a binding uses it: a resource to order the bundles after
 * (its acceptance creates the mailbox namespace) and the facts to select and expand with.
 * `WorkloadExecutionCluster` is one.
 */
export interface DeclaredWec extends pulumi.Resource {
  /**
   * The WEC's name, labels, annotations and properties as plain values, defaults applied, so the
   * binding selects while the program runs. May throw when they come from Outputs; the binding
   * then reads `facts`.
   */
  readonly inventory: Readonly<Required<BindingClusterArgs>>;
  /**
   * The facts once known, when they come from other resources (Outputs): the binding then selects
   * and expands with these, and `inventory` need not be readable.
   */
  readonly facts?: pulumi.Output<Required<BindingClusterArgs>>;
  /** The ITS component the WEC was registered on, when it was given one. */
  readonly its?: ItsReference;
  /** The URL of the ITS API server the WEC is registered on. */
  readonly itsApiServer?: pulumi.Output<string>;
}

/** Arguments of `WorkloadBinding`: place workloads on the WECs the selectors pick. */
export interface WorkloadBindingArgs extends BundleOptionsArgs {
  /**
   * The ITS to deliver on: its kubeconfig is used, and every WEC in `wecs` must be registered on
   * it (a WEC on another ITS is refused at preview). Give this or `itsKubeconfig`. The component
   * itself, not an Output: its provider and identity travel with it.
   * @default - none: `itsKubeconfig` is used
   */
  its?: ItsReference;
  /**
   * Kubeconfig of the ITS, when `its` is not given. Keep it a secret. Every WEC in `wecs` must be
   * registered on the API server it names.
   * @default - the kubeconfig of `its`
   */
  itsKubeconfig?: pulumi.Input<string>;
  /**
   * Label selectors, ORed, like a BindingPolicy's `clusterSelectors`; an empty list selects
   * nothing. They may come from other resources (Outputs): they are then checked, and the WECs
   * selected, once known.
   */
  clusterSelectors: pulumi.Input<pulumi.Input<LabelSelector>[]>;
  /**
   * WECs to choose from, as declared elsewhere: names, labels, annotations and properties. They
   * may come from other resources or stacks (Outputs, such as a `StackReference`'s): they are then
   * checked, and the WECs selected, once known. Nothing orders the bundles after such a WEC's
   * acceptance; prefer `wecs`. @default []
   */
  clusters?: pulumi.Input<pulumi.Input<BindingClusterArgs>[]>;
  /**
   * WECs declared in this program (`WorkloadExecutionCluster` components) to choose from: their
   * labels, annotations and properties are read from the components, and each bundle waits for
   * its WEC's acceptance. A plain list: the bundles depend on these resources. @default []
   */
  wecs?: DeclaredWec[];
  /** Workload objects as plain data. @default [] */
  workloads?: pulumi.Input<Record<string, unknown>[]>;
  /** Workload objects as YAML text. @default [] */
  yaml?: pulumi.Input<string>[];
  /**
   * Who writes each WEC's ManifestWork. `PerWec`: the library, one bundle resource per selected
   * WEC. `HubFanOut`: the library writes ManifestWorkReplicaSets and Placements once and the OCM
   * hub's controllers write the ManifestWorks (README "Hub fan-out"). A plain value: it decides
   * which child resource the binding registers. @default "PerWec"
   */
  delivery?: Delivery;
  /**
   * Whether `up` may withdraw the workload from every WEC the binding delivered to, when its
   * selectors (after a label edit, a typo, a WEC removed) now select none. Without it, the preview
   * warns on the binding naming each WEC and the label that no longer matches, and `up` refuses
   * before writing anything. A binding that selects some WECs is never held back.
   * @default false
   */
  allowWithdrawAll?: pulumi.Input<boolean>;
  /**
   * With `HubFanOut`: the ITS namespace of the ManifestWorkReplicaSets and Placements, created
   * when missing (and removed with the last binding if the library created it). A plain value,
   * like `delivery`: it decides which resources the preview lists. @default "ksits-fanout"
   */
  fanOutNamespace?: string;
}

/** `WorkloadBindingArgs` with inputs resolved (workload objects stay opaque records). */
export type ResolvedWorkloadBindingArgs = Omit<pulumi.Unwrap<WorkloadBindingArgs>, "workloads" | "wecs"> & {
  workloads?: Record<string, unknown>[];
};

export const bindingClusterSchema = z
  .object({
    name: dnsLabel,
    labels: labelMap.optional(),
    annotations: annotationMap.optional(),
    properties: propertyMap.optional(),
  })
  .strict() satisfies z.ZodType<BindingClusterArgs>;

/** A binding's `clusters`: refined on the list itself so duplicates are reported even when other properties fail. */
export const bindingClustersSchema = z.array(bindingClusterSchema).superRefine((clusters, ctx) => {
  const seen = new Map<string, number>();
  clusters.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [i, "name"],
        message: `WEC "${c.name}" is listed twice (also clusters[${first}])`,
      });
    } else seen.set(c.name, i);
  });
});

/** The plain shape of `WorkloadBindingArgs` (without the rules that span fields): for schemas built from it. */
export const workloadBindingArgsBaseSchema = z
  .object({
    ...bundleOptionsShape,
    itsKubeconfig: z.string().min(1, "must be a non-empty kubeconfig"),
    clusterSelectors: z.array(labelSelectorSchema),
    clusters: bindingClustersSchema.optional(),
    workloads: z.array(z.record(z.unknown())).optional(),
    yaml: z.array(z.string()).optional(),
    delivery: enumOf(Delivery).optional(),
    fanOutNamespace: dnsLabel.optional(),
    allowWithdrawAll: z.boolean().optional(),
  })
  .strict();

export const workloadBindingArgsSchema = withRules(
  workloadBindingArgsBaseSchema,
  bundleOptionRules,
) satisfies z.ZodType<ResolvedWorkloadBindingArgs>;

/**
 * WECs listed twice across a binding's `wecs` and `clusters` (one mailbox would get two bundle
 * resources); duplicates within `clusters` are the schema's. `undefined` stands for an entry of
 * `wecs` that is not a WEC (reported elsewhere). Pure.
 */
export function duplicateWecIssues(
  wecs: readonly ({ name: string } | undefined)[],
  clusters: readonly { name: string }[],
): InputIssue[] {
  const seen = new Map<string, string>();
  const issues: InputIssue[] = [];
  wecs.forEach((w, i) => {
    if (w === undefined) return;
    const first = seen.get(w.name);
    if (first === undefined) seen.set(w.name, `wecs[${i}]`);
    else issues.push({ path: `wecs[${i}]`, reason: `WEC "${w.name}" is listed twice (also ${first})` });
  });
  clusters.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      issues.push({ path: `clusters[${i}].name`, reason: `WEC "${c.name}" is listed twice (also ${first})` });
    }
  });
  return issues;
}
