import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { LabelSelector } from "../selectors";
import type { BundleOptionsArgs } from "./bundle";
import { bundleOptionsShape } from "./bundle";
import { annotationMap, dnsLabel, labelMap, labelSelectorSchema, propertyMap } from "./common";

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

/** Arguments of `WorkloadBinding`: place workloads on the WECs the selectors pick. */
export interface WorkloadBindingArgs extends BundleOptionsArgs {
  /** Kubeconfig of the ITS. Keep it a secret. */
  itsKubeconfig: pulumi.Input<string>;
  /** Label selectors, ORed, like a BindingPolicy's `clusterSelectors`; an empty list selects nothing. */
  clusterSelectors: LabelSelector[];
  /** The WECs to choose from. */
  clusters: BindingClusterArgs[];
  /** Workload objects as plain data. @default [] */
  workloads?: pulumi.Input<Record<string, unknown>[]>;
  /** Workload objects as YAML text. @default [] */
  yaml?: pulumi.Input<string>[];
}

/** `WorkloadBindingArgs` with inputs resolved (workload objects stay opaque records). */
export type ResolvedWorkloadBindingArgs = Omit<pulumi.Unwrap<WorkloadBindingArgs>, "workloads"> & {
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

export const workloadBindingArgsSchema = z
  .object({
    ...bundleOptionsShape,
    itsKubeconfig: z.string().min(1, "must be a non-empty kubeconfig"),
    clusterSelectors: z.array(labelSelectorSchema),
    // Refined on the list itself so duplicates are reported even when other properties fail.
    clusters: z.array(bindingClusterSchema).superRefine((clusters, ctx) => {
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
    }),
    workloads: z.array(z.record(z.unknown())).optional(),
    yaml: z.array(z.string()).optional(),
  })
  .strict() satisfies z.ZodType<ResolvedWorkloadBindingArgs>;
