import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ItsReference } from "../kube";
import { z } from "zod";
import { WEC_DEFAULTS } from "./defaults";
import type { ManagedClusterTaint } from "./managed-cluster";
import { CsrApproval, JoinMethod, KlusterletMode, KlusterletOperatorInstall, TaintEffect } from "./enums";
import {
  annotationMap,
  dnsLabel,
  enumOf,
  imageRegistry,
  imageTag,
  labelKeyProblem,
  labelMap,
  positiveInt,
  propertyMap,
  refuseSet,
  withRules,
} from "../kube";

/** Arguments of `WorkloadExecutionCluster` (one WEC registered on an ITS). */
export interface WorkloadExecutionClusterArgs {
  /**
   * The ITS (the OCM hub) this WEC registers on: its kubeconfig and its one Kubernetes provider
   * are used, and a `WorkloadBinding` on another ITS refuses this WEC. Give this or
   * `itsKubeconfig`.
   * @default - none: `itsKubeconfig` is used
   */
  its?: ItsReference;
  /**
   * Kubeconfig of the ITS (the OCM hub), when `its` is not given. Keep it a secret.
   * @default - the kubeconfig of `its`
   */
  itsKubeconfig?: pulumi.Input<string>;
  /**
   * The Kubernetes provider to register this WEC through, so that a stack opens one connection
   * per ITS however many WECs it has. It must reach the same ITS as the kubeconfig (which the
   * accept step still uses). A `provider` (or kubernetes `providers` entry) in the resource
   * options is taken as this one too. Switching an existing WEC from its own provider to a shared
   * one with another `clusterIdentifier` replaces its ManagedCluster and ConfigMap, so keep one
   * choice per stack.
   * @default - the provider of `its`, else the one the resource options name, else one of its own, `${name}-its-k8s`
   */
  itsProvider?: k8s.Provider;
  /**
   * The Kubernetes provider for the WEC side of a `klusterlet` join (CRD, operator, agent
   * namespace, bootstrap Secret, Klusterlet), when the program already has one for the WEC.
   * @default - one of its own from `wecKubeconfig`, `${name}-wec-k8s`
   */
  wecProvider?: k8s.Provider;
  /**
   * The WEC's name: the ManagedCluster name and, exactly, its mailbox namespace, so it must be a
   * DNS-1123 label. May come from another resource (an Output): it is checked once known.
   * @default - the resource name
   */
  clusterName?: pulumi.Input<string>;
  /**
   * ManagedCluster labels; `clusterSelectors` match these. The map or any value may come from
   * another resource (an Output): checked once known, and a binding then selects at `up`.
   * @default {}
   */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** ManagedCluster annotations (template properties too); may be Outputs, as `labels`. @default {} */
  annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** ManagedCluster taints. @default [] */
  taints?: ManagedClusterTaint[];
  /** ManagedClusterSet to put the cluster in. @default - OCM's `default` set */
  clusterSet?: string;
  /**
   * Customization properties (ConfigMap in `customization-properties`); keys must be Go
   * identifiers. May be Outputs, as `labels`. @default {}
   */
  properties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Accept the WEC: approve its join CSR and set `hubAcceptsClient`. @default true */
  accept?: boolean;
  /** How the WEC side joins: `none`, `klusterlet` or `clusteradm`. @default "none" */
  join?: JoinMethod;
  /** Kubeconfig of the WEC, for `klusterlet` and `clusteradm` joins. Keep it a secret. @default - none */
  wecKubeconfig?: pulumi.Input<string>;
  /** Hub API server URL as reachable from the WEC. @default - the server in itsKubeconfig */
  hubApiServer?: pulumi.Input<string>;
  /** Klusterlet deploy mode. @default "Singleton" */
  klusterletMode?: KlusterletMode;
  /**
   * Whether the `klusterlet` join installs the OCM klusterlet operator on the WEC:
   * `IfMissing` installs it (namespace `open-cluster-management`, ServiceAccount, ClusterRole and
   * binding, Deployment `klusterlet`, as the pinned OCM klusterlet chart renders them) unless an
   * operator already runs there, which is then used and never changed or deleted; `Never` leaves
   * the operator to you. Only the `Default` and `Singleton` modes run the operator on the WEC.
   * @default "IfMissing"
   */
  klusterletOperator?: KlusterletOperatorInstall;
  /** `ManagedCluster.spec.leaseDurationSeconds`. @default 60 */
  leaseDurationSeconds?: number;
  /** How long to wait for the join CSR and the mailbox namespace. @default 300 */
  waitTimeoutSeconds?: number;
  /**
   * Join token for the `klusterlet` and `clusteradm` joins (e.g. from `clusteradm get token`).
   * Keep it a secret. With your own token, set `joinIdentity` to the user it authenticates as
   * (or `csrApproval: "AnyBootstrapIdentity"`), so the accept step knows whose CSR to approve.
   * @default - a TokenRequest for this WEC's own join identity, the ServiceAccount
   * `open-cluster-management/ksits-join-<clusterName>` this component creates on the ITS with
   * exactly OCM's bootstrap permissions (deleted with the WEC)
   */
  bootstrapToken?: pulumi.Input<string>;
  /**
   * The user name the WEC's registration agent presents with its bootstrap credential (what
   * `kubectl auth whoami` prints for it), when the credential is not one this component mints:
   * `join: "none"`, or your own `bootstrapToken`. The accept step approves only CSRs this user
   * filed for this cluster; others are reported in `refusedCsrs`.
   * @default - the WEC's own join identity when this component mints the token; otherwise none,
   * and no CSR is approved (the WEC can still be accepted if its agent already holds a certificate)
   */
  joinIdentity?: pulumi.Input<string>;
  /**
   * Whose join CSRs the accept step approves: `JoinIdentity` (only the WEC's join identity) or
   * `AnyBootstrapIdentity` (`clusteradm accept`'s rule: anyone holding a shared bootstrap
   * credential; an explicit opt-in for agents joined with a shared token). Either way the CSR's
   * subject, signer and usages must be the ones OCM's agent uses for this cluster.
   * @default "JoinIdentity"
   */
  csrApproval?: CsrApproval;
  /** Registry of the klusterlet images (`klusterlet` join). @default "quay.io/open-cluster-management" */
  imageRegistry?: string;
  /** Tag of the klusterlet images (`klusterlet` join). @default "v1.3.1" */
  imageTag?: string;
  /** The `clusteradm` binary for the `clusteradm` join. @default "clusteradm" */
  clusteradmPath?: string;
}

const taint = z
  .object({
    key: z.string().superRefine((k, ctx) => {
      const p = labelKeyProblem(k);
      if (p !== undefined)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: p.replace("label key", "taint key") });
    }),
    value: z.string().max(1024).optional(),
    effect: enumOf(TaintEffect),
  })
  .strict();

/** The plain shape of `WorkloadExecutionClusterArgs` (without the rules that span fields): for schemas built from it. */
export const workloadExecutionClusterArgsBaseSchema = z
  .object({
    itsKubeconfig: z.string().min(1, "must be a non-empty kubeconfig"),
    clusterName: dnsLabel.optional(),
    labels: labelMap.optional(),
    annotations: annotationMap.optional(),
    taints: z.array(taint).optional(),
    clusterSet: dnsLabel.optional(),
    properties: propertyMap.optional(),
    accept: z.boolean().optional(),
    join: enumOf(JoinMethod).optional(),
    wecKubeconfig: z.string().min(1).optional(),
    hubApiServer: z.string().url().startsWith("https://", "must be an https:// URL").optional(),
    klusterletMode: enumOf(KlusterletMode).optional(),
    klusterletOperator: enumOf(KlusterletOperatorInstall).optional(),
    leaseDurationSeconds: positiveInt.optional(),
    waitTimeoutSeconds: positiveInt.optional(),
    bootstrapToken: z.string().min(1, "must be a non-empty token").optional(),
    joinIdentity: z
      .string()
      .min(1, "must be a user name, e.g. system:serviceaccount:<namespace>:<name>")
      .max(512)
      .optional(),
    csrApproval: enumOf(CsrApproval).optional(),
    imageRegistry: imageRegistry.optional(),
    imageTag: imageTag.optional(),
    clusteradmPath: z.string().min(1).optional(),
  })
  .strict();

export const workloadExecutionClusterArgsSchema = withRules(
  workloadExecutionClusterArgsBaseSchema,
  (a, ctx) => {
    const join = a.join ?? WEC_DEFAULTS.join;
    if (join !== JoinMethod.None && a.wecKubeconfig === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["wecKubeconfig"],
        message: `is required when join is "${join}"`,
      });
    }
    const approval = a.csrApproval ?? WEC_DEFAULTS.csrApproval;
    if (approval === CsrApproval.AnyBootstrapIdentity && a.joinIdentity !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["joinIdentity"],
        message:
          'has no effect with csrApproval "AnyBootstrapIdentity" (any bootstrap identity is approved); remove one',
      });
    }
    if (join !== JoinMethod.None && a.bootstrapToken === undefined && a.joinIdentity !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["joinIdentity"],
        message: `is this component's own with join "${join}" and no bootstrapToken (it mints the WEC's join identity); remove it`,
      });
    }
    if (
      join !== JoinMethod.None &&
      a.bootstrapToken !== undefined &&
      a.joinIdentity === undefined &&
      approval === CsrApproval.JoinIdentity
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["joinIdentity"],
        message:
          'is required with your own bootstrapToken: the user the token authenticates as (or set csrApproval "AnyBootstrapIdentity")',
      });
    }
    if (join === JoinMethod.None) {
      refuseSet(
        a,
        [
          "wecKubeconfig",
          "bootstrapToken",
          "imageRegistry",
          "imageTag",
          "clusteradmPath",
          "klusterletOperator",
        ],
        ctx,
        'has no effect with join "none" (the WEC is not touched); remove it or set join',
      );
    }
    if (
      a.klusterletOperator === KlusterletOperatorInstall.IfMissing &&
      (a.klusterletMode === KlusterletMode.Hosted || a.klusterletMode === KlusterletMode.SingletonHosted)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["klusterletOperator"],
        message: `has no effect with klusterletMode "${a.klusterletMode}" (the operator runs on the management cluster); remove it`,
      });
    }
    if (join === JoinMethod.Clusteradm) {
      if (a.klusterletMode === KlusterletMode.Hosted || a.klusterletMode === KlusterletMode.SingletonHosted) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["klusterletMode"],
          message: 'must be "Default" or "Singleton" with join "clusteradm"',
        });
      }
      refuseSet(
        a,
        ["imageRegistry", "imageTag", "klusterletOperator"],
        ctx,
        'has no effect with join "clusteradm" (clusteradm picks the klusterlet and installs its operator when missing); remove it',
      );
    }
  },
) satisfies z.ZodType<pulumi.Unwrap<WorkloadExecutionClusterArgs>>;
