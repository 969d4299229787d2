import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CORE_CHART_ITS_DEFAULTS } from "./defaults";
import { ItsType } from "./enums";
import { dnsLabel, enumOf, withRules } from "../kube";
import { bootstrapSecretSchema } from "./schema";

/** One entry of the core chart's `ITSes` value. */
export interface CoreChartItsArgs {
  /** ITS (ControlPlane) name; unique across ControlPlanes. */
  name: string;
  /** `vcluster`, `host` or `external`. @default "vcluster" */
  type?: ItsType;
  /** Run `clusteradm init` in the ITS (the chart's `install_clusteradm`). @default true */
  installClusteradm?: boolean;
  /** For `external`: the bootstrap Secret holding the in-cluster kubeconfig. @default - the chart's `<name>-bootstrap` in the release namespace, key `kubeconfig-incluster` */
  bootstrapSecret?: CoreChartBootstrapSecretArgs;
}

/** The chart's `ITSes[].bootstrapSecret`. */
export interface CoreChartBootstrapSecretArgs {
  /** Secret name. @default "<its name>-bootstrap" */
  name?: string;
  /** Secret namespace. @default - the release namespace */
  namespace?: string;
  /** Key of the in-cluster kubeconfig. @default "kubeconfig-incluster" */
  key?: string;
}

/** Arguments of `KubeStellarCoreChart` (the KubeStellar core Helm chart, for exact chart parity). */
export interface KubeStellarCoreChartArgs {
  /** Kubeconfig of the hosting cluster. Keep it a secret. */
  kubeconfig: pulumi.Input<string>;
  /** Chart version (KubeStellar release). @default "0.30.0" */
  version?: string;
  /** Helm release name. @default "ks-core" */
  releaseName?: string;
  /** Release namespace. @default "default" */
  namespace?: string;
  /** The ITSes the chart creates. @default [] */
  itses?: CoreChartItsArgs[];
  /** Install the KubeFlex operator subchart (`kubeflex-operator.install`). @default true */
  installKubeFlexOperator?: boolean;
  /** Install the post-create hooks (`InstallPCHs`); only one copy may exist per hosting cluster. @default true */
  installPostCreateHooks?: boolean;
}

export const kubeStellarCoreChartArgsSchema = withRules(
  z
    .object({
      kubeconfig: z.string().min(1, "must be a non-empty kubeconfig"),
      version: z
        .string()
        .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be a chart version like 0.30.0")
        .optional(),
      releaseName: dnsLabel.optional(),
      namespace: dnsLabel.optional(),
      itses: z
        .array(
          z
            .object({
              name: dnsLabel,
              type: enumOf(ItsType).optional(),
              installClusteradm: z.boolean().optional(),
              bootstrapSecret: bootstrapSecretSchema.optional(),
            })
            .strict(),
        )
        .optional(),
      installKubeFlexOperator: z.boolean().optional(),
      installPostCreateHooks: z.boolean().optional(),
    })
    .strict(),
  (a, ctx) => {
    const seen = new Set<string>();
    (a.itses ?? []).forEach((its, i) => {
      if (seen.has(its.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["itses", i, "name"],
          message: "duplicates an earlier ITS name",
        });
      }
      seen.add(its.name);
      if (
        its.bootstrapSecret !== undefined &&
        (its.type ?? CORE_CHART_ITS_DEFAULTS.type) !== ItsType.External
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["itses", i, "bootstrapSecret"],
          message: 'is only for type "external"',
        });
      }
    });
  },
) satisfies z.ZodType<pulumi.Unwrap<KubeStellarCoreChartArgs>>;
