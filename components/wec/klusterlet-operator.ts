import * as pulumi from "@pulumi/pulumi";
import type { KlusterletOperatorInputs, KlusterletOperatorOutputs } from "../../src/wec";
import { KLUSTERLET_OPERATOR_PROVIDER_VERSION } from "../../src/wec";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Inputs of `KlusterletOperator`. */
export interface KlusterletOperatorArgs {
  /** Kubeconfig of the WEC (kept secret). */
  kubeconfig: pulumi.Input<string>;
  /** The WEC's cluster name. */
  clusterName: pulumi.Input<string>;
  /** Registry of the operator image. */
  registry: pulumi.Input<string>;
  /** Tag of the operator image. */
  tag: pulumi.Input<string>;
}

/**
 * The OCM klusterlet operator on a WEC (`pulumi-nodejs:dynamic/kubestellar-its:KlusterletOperator`):
 * installed as the pinned OCM klusterlet chart renders it unless the WEC already runs one, which is
 * then used and left alone; on destroy only an operator installed here is removed.
 */
export class KlusterletOperator extends LibraryResource {
  /** This resource installed the operator (and removes it on destroy). */
  declare public readonly installed: pulumi.Output<boolean>;
  /** `<namespace>/<name>` of the operator Deployment that serves the WEC's Klusterlet. */
  declare public readonly operator: pulumi.Output<string>;

  constructor(name: string, args: KlusterletOperatorArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof KlusterletOperatorOutputs, pulumi.Input<unknown>> = {
      kubeconfig: pulumi.secret(args.kubeconfig),
      clusterName: args.clusterName,
      registry: args.registry,
      tag: args.tag,
      providerVersion: KLUSTERLET_OPERATOR_PROVIDER_VERSION,
      installed: undefined,
      operator: undefined,
      createdNamespace: undefined,
    };
    super(
      ...dynamicResourceArgs<KlusterletOperatorInputs, KlusterletOperatorOutputs>(
        "KlusterletOperator",
        name,
        props,
        opts,
        ["kubeconfig"],
      ),
    );
  }
}
