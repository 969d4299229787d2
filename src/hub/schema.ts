import type * as pulumi from "@pulumi/pulumi";
import type { ItsReference } from "../kube";
import { z } from "zod";
import type { FeatureGate } from "./cluster-manager";
import { ClusterManagerInstaller, ClusterManagerMode, FeatureGateMode } from "./enums";
import { enumOf, imageRegistry, imageTag, positiveInt, refuseSet, withRules } from "../kube";

/** Arguments of `ClusterManager` (the OCM hub install into an ITS). */
export interface ClusterManagerArgs {
  /**
   * The ITS to install into: its kubeconfig and its one Kubernetes provider are used, so the hub
   * objects share the ITS's connection. Give this or `kubeconfig`.
   * @default - none: `kubeconfig` is used
   */
  its?: ItsReference;
  /**
   * Kubeconfig of the ITS to install into, when `its` is not given. Keep it a secret.
   * @default - the kubeconfig of `its`
   */
  kubeconfig?: pulumi.Input<string>;
  /** `declarative`, `clusteradm` or `none` (an existing hub). @default "declarative" */
  installer?: ClusterManagerInstaller;
  /** `ClusterManager.spec.deployOption.mode`. @default "Default" */
  mode?: ClusterManagerMode;
  /** Registry of the OCM images. @default "quay.io/open-cluster-management" */
  imageRegistry?: string;
  /** Tag of the OCM images. @default "v1.3.1" */
  imageTag?: string;
  /** Registration feature gates. @default [] */
  registrationFeatureGates?: FeatureGate[];
  /** Work feature gates. @default [] */
  workFeatureGates?: FeatureGate[];
  /** Create the `agent-registration-bootstrap` join identity, as `clusteradm init` does. @default true */
  createBootstrapServiceAccount?: boolean;
  /** Extra identities whose join CSRs the hub may auto-approve. @default [] */
  autoApproveUsers?: string[];
  /** Install KubeStellar's OCM status add-on (`install-status-addon`). @default false */
  installStatusAddon?: boolean;
  /** Version of the status add-on chart. @default "0.2.0-rc17" */
  statusAddonVersion?: string;
  /** The `clusteradm` binary for the `clusteradm` installer. @default "clusteradm" */
  clusteradmPath?: string;
  /** How long to wait for the hub. @default 300 */
  waitTimeoutSeconds?: number;
}

const featureGate = z
  .object({
    feature: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a feature name like ManifestWorkReplicaSet"),
    mode: enumOf(FeatureGateMode),
  })
  .strict();

/** The plain shape of `ClusterManagerArgs` (without the rules that span fields): for schemas built from it. */
export const clusterManagerArgsBaseSchema = z
  .object({
    kubeconfig: z.string().min(1, "must be a non-empty kubeconfig"),
    installer: enumOf(ClusterManagerInstaller).optional(),
    mode: enumOf(ClusterManagerMode).optional(),
    imageRegistry: imageRegistry.optional(),
    imageTag: imageTag.optional(),
    registrationFeatureGates: z.array(featureGate).optional(),
    workFeatureGates: z.array(featureGate).optional(),
    createBootstrapServiceAccount: z.boolean().optional(),
    autoApproveUsers: z.array(z.string().min(1)).optional(),
    installStatusAddon: z.boolean().optional(),
    statusAddonVersion: z.string().min(1).optional(),
    clusteradmPath: z.string().min(1).optional(),
    waitTimeoutSeconds: positiveInt.optional(),
  })
  .strict();

export const clusterManagerArgsSchema = withRules(clusterManagerArgsBaseSchema, (a, ctx) => {
  if (a.installer === ClusterManagerInstaller.None) {
    refuseSet(
      a,
      ["mode", "imageRegistry", "imageTag", "registrationFeatureGates", "workFeatureGates"],
      ctx,
      'has no effect with installer "none" (the hub already exists); remove it',
    );
  }
}) satisfies z.ZodType<pulumi.Unwrap<ClusterManagerArgs>>;
