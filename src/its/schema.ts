import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ITS_DEFAULTS } from "./defaults";
import { ItsType } from "./enums";
import type { PostCreateHookRef } from "./control-plane";
import { dns1123LabelProblem, dnsLabel, enumOf, positiveInt, withRules } from "../kube";
import type { InputIssue } from "../kube";

/** Where the external ITS's kubeconfig Secret lives on the hosting cluster (KubeFlex `bootstrapSecretRef`). */
export interface BootstrapSecretArgs {
  /** Secret name. @default "<controlPlaneName>-bootstrap" */
  name?: string;
  /** Secret namespace on the hosting cluster. @default "default" */
  namespace?: string;
  /** Key holding the kubeconfig that works from inside the hosting cluster. @default "kubeconfig-incluster" */
  key?: string;
}

/** Arguments of `InventoryTransportSpace`. */
export interface InventoryTransportSpaceArgs {
  /** How the ITS is provided: `vcluster`, `host` or `external`. @default "vcluster" */
  type?: ItsType;
  /**
   * Kubeconfig of the hosting cluster (where KubeFlex runs). Required for `vcluster` and `host`,
   * and for KubeFlex registration of any type. Keep it a secret.
   * @default - none
   */
  hostingKubeconfig?: pulumi.Input<string>;
  /** Kubeconfig of the ITS itself; required for `external`. Keep it a secret. @default - none */
  kubeconfig?: pulumi.Input<string>;
  /**
   * Kubeconfig of an `external` ITS as seen from inside the hosting cluster, stored in the
   * KubeFlex bootstrap Secret. @default - the value of `kubeconfig`
   */
  inClusterKubeconfig?: pulumi.Input<string>;
  /**
   * Name of the ITS and of its KubeFlex ControlPlane; unique across ControlPlanes (KubeFlex makes
   * a `<name>-system` namespace, so at most 56 characters). @default - the resource name
   */
  controlPlaneName?: string;
  /**
   * Register a `host` or `external` ITS as a KubeFlex ControlPlane labelled
   * `kflex.kubestellar.io/cptype=its`, so KubeStellar's WDS controllers find it. A `vcluster` ITS
   * always is one. @default false
   */
  registerWithKubeFlex?: boolean;
  /** Install the KubeFlex operator Helm chart on the hosting cluster. @default false */
  installKubeFlexOperator?: boolean;
  /** Version of the KubeFlex operator chart. @default "0.9.3" */
  kubeFlexChartVersion?: string;
  /** Post-create hooks of the ControlPlane, in order. @default [] */
  postCreateHooks?: PostCreateHookRef[];
  /** Extra `globalVars` for the post-create hooks. @default {} */
  globalVars?: Record<string, string>;
  /** The KubeFlex bootstrap Secret of an `external` ITS. @default - see BootstrapSecretArgs */
  bootstrapSecret?: BootstrapSecretArgs;
  /** How long to wait for the ControlPlane to be Ready. @default 600 */
  readyTimeoutSeconds?: number;
  /** Create the `customization-properties` namespace in the ITS. @default true */
  createCustomizationNamespace?: boolean;
}

const MAX_CONTROL_PLANE_NAME = 56;

/** The KubeFlex bootstrap Secret of an external ITS (also the core chart's `ITSes[].bootstrapSecret`). */
export const bootstrapSecretSchema = z
  .object({
    name: dnsLabel.optional(),
    namespace: dnsLabel.optional(),
    key: z.string().min(1).optional(),
  })
  .strict() satisfies z.ZodType<BootstrapSecretArgs>;

/** The plain shape of `InventoryTransportSpaceArgs` (without the rules that span fields): for schemas built from it. */
export const inventoryTransportSpaceArgsBaseSchema = z
  .object({
    type: enumOf(ItsType).optional(),
    hostingKubeconfig: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    inClusterKubeconfig: z.string().min(1).optional(),
    controlPlaneName: dnsLabel
      .refine((v) => v.length <= MAX_CONTROL_PLANE_NAME, {
        message: `must be at most ${MAX_CONTROL_PLANE_NAME} characters (KubeFlex adds "-system" for its namespace)`,
      })
      .optional(),
    registerWithKubeFlex: z.boolean().optional(),
    installKubeFlexOperator: z.boolean().optional(),
    kubeFlexChartVersion: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be a semantic version like 0.9.3")
      .optional(),
    postCreateHooks: z
      .array(z.object({ hookName: dnsLabel, vars: z.record(z.string()).optional() }).strict())
      .optional(),
    globalVars: z.record(z.string()).optional(),
    bootstrapSecret: bootstrapSecretSchema.optional(),
    readyTimeoutSeconds: positiveInt.optional(),
    createCustomizationNamespace: z.boolean().optional(),
  })
  .strict();

export const inventoryTransportSpaceArgsSchema = withRules(
  inventoryTransportSpaceArgsBaseSchema,
  (a, ctx) => {
    const type = a.type ?? ITS_DEFAULTS.type;
    if (type === ItsType.External && a.kubeconfig === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["kubeconfig"],
        message: 'is required when type is "external"',
      });
    }
    if (type !== ItsType.External && a.kubeconfig !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["kubeconfig"],
        message: `is only for type "external"; a "${type}" ITS gets its kubeconfig from the hosting cluster`,
      });
    }
    const needsHosting = type !== ItsType.External || a.registerWithKubeFlex === true;
    if (needsHosting && a.hostingKubeconfig === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["hostingKubeconfig"],
        message:
          type === ItsType.External
            ? "is required when registerWithKubeFlex is true (the ControlPlane lives on the hosting cluster)"
            : `is required when type is "${type}"`,
      });
    }
    if (type !== ItsType.External && a.bootstrapSecret !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["bootstrapSecret"],
        message: 'is only for type "external"',
      });
    }
    if (type === ItsType.Vcluster && a.registerWithKubeFlex === false) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["registerWithKubeFlex"],
        message: 'cannot be false for type "vcluster": the vcluster is a KubeFlex ControlPlane',
      });
    }
  },
) satisfies z.ZodType<pulumi.Unwrap<InventoryTransportSpaceArgs>>;

/** How `InventoryTransportSpace` validates its args: kubeconfigs are Inputs and secret. */
export const ITS_ARGS_VALIDATION_KEYS = {
  inputKeys: ["hostingKubeconfig", "kubeconfig", "inClusterKubeconfig"],
  secretKeys: ["hostingKubeconfig", "kubeconfig", "inClusterKubeconfig"],
} as const;

/**
 * Checks the resource name when it doubles as the ControlPlane name (no `controlPlaneName`):
 * the issue, or undefined.
 */
export function defaultControlPlaneNameIssue(name: string): InputIssue | undefined {
  const problem = dns1123LabelProblem(name);
  const tooLong = name.length > 56;
  if (problem === undefined && !tooLong) return undefined;
  return {
    path: "controlPlaneName",
    reason: `defaults to the resource name ${JSON.stringify(name)}, which ${problem ?? 'must be at most 56 characters (KubeFlex adds "-system" for its namespace)'}; set controlPlaneName`,
  };
}
