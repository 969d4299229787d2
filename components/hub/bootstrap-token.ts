import * as pulumi from "@pulumi/pulumi";
import type { BootstrapTokenInputs, BootstrapTokenOutputs } from "../../src/hub";
import { BOOTSTRAP_TOKEN_DEFAULTS, BOOTSTRAP_TOKEN_PROVIDER_VERSION } from "../../src/hub";
import { dynamicResourceArgs } from "../dynamic-provider";

/** Inputs of `BootstrapToken`. */
export interface BootstrapTokenArgs {
  /** Kubeconfig of the ITS (kept secret). */
  kubeconfig: pulumi.Input<string>;
  /** Token lifetime; `clusteradm get token` uses 3600. @default 3600 */
  expirationSeconds?: pulumi.Input<number>;
}

/**
 * A join token for the `agent-registration-bootstrap` ServiceAccount, from a TokenRequest
 * (`pulumi-nodejs:dynamic/kubestellar-its:BootstrapToken`). The token is a secret output.
 */
export class BootstrapToken extends pulumi.dynamic.Resource {
  declare public readonly token: pulumi.Output<string>;

  constructor(name: string, args: BootstrapTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof BootstrapTokenOutputs, pulumi.Input<unknown>> = {
      kubeconfig: pulumi.secret(args.kubeconfig),
      expirationSeconds: args.expirationSeconds ?? BOOTSTRAP_TOKEN_DEFAULTS.expirationSeconds,
      providerVersion: BOOTSTRAP_TOKEN_PROVIDER_VERSION,
      token: undefined,
    };
    super(
      ...dynamicResourceArgs<BootstrapTokenInputs, BootstrapTokenOutputs>(
        "BootstrapToken",
        name,
        props,
        opts,
        ["kubeconfig", "token"],
      ),
    );
  }
}
