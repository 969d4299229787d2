import * as pulumi from "@pulumi/pulumi";
import type { BootstrapTokenInputs, BootstrapTokenOutputs } from "../../src/hub";
import { BOOTSTRAP_TOKEN_DEFAULTS, BOOTSTRAP_TOKEN_PROVIDER_VERSION } from "../../src/hub";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Inputs of `BootstrapToken`. */
export interface BootstrapTokenArgs {
  /** Kubeconfig of the ITS (kept secret). */
  kubeconfig: pulumi.Input<string>;
  /**
   * The ServiceAccount in the hub's `open-cluster-management` namespace the token authenticates
   * as: a WEC's own join identity. The default is the shared identity `clusteradm init` creates.
   * @default "agent-registration-bootstrap"
   */
  serviceAccount?: pulumi.Input<string>;
  /** Token lifetime; `clusteradm get token` uses 3600. @default 3600 */
  expirationSeconds?: pulumi.Input<number>;
}

/**
 * A join token for a join ServiceAccount, from a TokenRequest
 * (`pulumi-nodejs:dynamic/kubestellar-its:BootstrapToken`). The token is a secret output.
 */
export class BootstrapToken extends LibraryResource {
  /** The bearer token the TokenRequest returned (a secret output); it is not read back on refresh. */
  declare public readonly token: pulumi.Output<string>;
  /** When the token expires (RFC 3339); an `up` after that mints a new one. */
  declare public readonly expiresAt: pulumi.Output<string | undefined>;
  /** Why `refresh` found the token expired or rejected by the hub; the next `up` replaces it. */
  declare public readonly stale: pulumi.Output<string | undefined>;

  constructor(name: string, args: BootstrapTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof BootstrapTokenOutputs, pulumi.Input<unknown>> = {
      kubeconfig: pulumi.secret(args.kubeconfig),
      serviceAccount: args.serviceAccount ?? BOOTSTRAP_TOKEN_DEFAULTS.serviceAccount,
      expirationSeconds: args.expirationSeconds ?? BOOTSTRAP_TOKEN_DEFAULTS.expirationSeconds,
      providerVersion: BOOTSTRAP_TOKEN_PROVIDER_VERSION,
      token: undefined,
      expiresAt: undefined,
      stale: undefined,
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
