import * as pulumi from "@pulumi/pulumi";
import type { HubCheckInputs, HubCheckOutputs } from "../../src/hub";
import { HUB_CHECK_PROVIDER_VERSION } from "../../src/hub";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Inputs of `HubCheck`. */
export interface HubCheckArgs {
  /** Kubeconfig of the ITS (kept secret). */
  kubeconfig: pulumi.Input<string>;
  /** CRDs the hub must serve. */
  crds: string[];
}

/** Verifies that an ITS already is an OCM hub (the `installer: none` path of `ClusterManager`). */
export class HubCheck extends LibraryResource {
  /**
   * The CRDs found, in input order. A refresh that cannot find every one records none, so the
   * change shows as drift and the next `up` checks again (and fails, naming what is missing).
   */
  declare public readonly present: pulumi.Output<string[]>;

  constructor(name: string, args: HubCheckArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof HubCheckOutputs, pulumi.Input<unknown>> = {
      providerVersion: HUB_CHECK_PROVIDER_VERSION,
      kubeconfig: pulumi.secret(args.kubeconfig),
      crds: args.crds,
      present: undefined,
    };
    super(
      ...dynamicResourceArgs<HubCheckInputs, HubCheckOutputs>("HubCheck", name, props, opts, ["kubeconfig"]),
    );
  }
}
