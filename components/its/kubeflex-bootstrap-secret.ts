import * as pulumi from "@pulumi/pulumi";
import { BOOTSTRAP_HANDOFF_PROVIDER_VERSION } from "../../src/its";
import type { HandoffInputs } from "../../src/its";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Inputs of `KubeFlexBootstrapSecret`. */
export interface KubeFlexBootstrapSecretArgs {
  /** Kubeconfig of the hosting cluster (kept secret). */
  hostingKubeconfig: pulumi.Input<string>;
  /** The ControlPlane that adopts the ITS. */
  controlPlaneName: string;
  /** Secret name. */
  secretName: string;
  /** Secret namespace on the hosting cluster. */
  secretNamespace: string;
  /** Key of the kubeconfig in the Secret (`bootstrapSecretRef.inClusterKey`). */
  key: string;
  /** The ITS kubeconfig as seen from inside the hosting cluster (kept secret). */
  kubeconfig: pulumi.Input<string>;
}

/**
 * The bootstrap Secret KubeFlex adopts an `external` ITS from
 * (`pulumi-nodejs:dynamic/kubestellar-its:KubeFlexBootstrapSecret`): written until KubeFlex has
 * adopted the ControlPlane, which then deletes it; its absence after adoption is not drift.
 * Destroy deletes the Secret if it is still there.
 */
export class KubeFlexBootstrapSecret extends LibraryResource {
  constructor(name: string, args: KubeFlexBootstrapSecretArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof HandoffInputs, pulumi.Input<unknown>> = {
      hostingKubeconfig: pulumi.secret(args.hostingKubeconfig),
      controlPlaneName: args.controlPlaneName,
      secretName: args.secretName,
      secretNamespace: args.secretNamespace,
      key: args.key,
      kubeconfig: pulumi.secret(args.kubeconfig),
      providerVersion: BOOTSTRAP_HANDOFF_PROVIDER_VERSION,
    };
    super(
      ...dynamicResourceArgs<HandoffInputs, HandoffInputs>("KubeFlexBootstrapSecret", name, props, opts, [
        "hostingKubeconfig",
        "kubeconfig",
      ]),
    );
  }
}
