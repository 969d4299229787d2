import * as pulumi from "@pulumi/pulumi";
import type { AcceptanceInputs, AcceptanceOutputs, CsrApproval, RefusedCsr } from "../../src/wec";
import { ACCEPTANCE_DEFAULTS, CLUSTER_ACCEPTANCE_PROVIDER_VERSION } from "../../src/wec";
import { dynamicResourceArgs } from "../dynamic-provider";
import { LibraryResource } from "../library-resource";

/** Inputs of `ClusterAcceptance`. */
export interface ClusterAcceptanceArgs {
  /** Kubeconfig of the ITS (kept secret). */
  kubeconfig: pulumi.Input<string>;
  /** The WEC / ManagedCluster name (and mailbox namespace). */
  clusterName: pulumi.Input<string>;
  /**
   * The user whose join CSRs are approved: the WEC's join identity (what its agent's bootstrap
   * credential authenticates as). Empty: none is known, and nothing is approved unless
   * `csrApproval` is `AnyBootstrapIdentity`.
   * @default ""
   */
  joinIdentity?: pulumi.Input<string>;
  /** Whose CSRs are approved: `JoinIdentity` or `AnyBootstrapIdentity`. @default "JoinIdentity" */
  csrApproval?: pulumi.Input<CsrApproval>;
  /** Wait until a join CSR arrives (an agent is being installed). @default false */
  waitForCsr?: pulumi.Input<boolean>;
  /** How long to wait for the CSR and the mailbox namespace. @default 300 */
  timeoutSeconds?: pulumi.Input<number>;
  /** Poll interval. @default 2 */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/**
 * The accept step of a WEC registration (`pulumi-nodejs:dynamic/kubestellar-its:ClusterAcceptance`):
 * approves the WEC's join CSR (only one filed by `joinIdentity`, with the subject, signer and usages
 * OCM's agent uses for this cluster; any other pending CSR for the name is reported in
 * `refusedCsrs`, never approved), then waits for the mailbox namespace. Destroying it
 * deletes nothing: the mailbox namespace belongs to the hub.
 */
export class ClusterAcceptance extends LibraryResource {
  /** The WEC / ManagedCluster name. */
  declare public readonly clusterName: pulumi.Output<string>;
  /** The WEC's mailbox namespace on the ITS (named as the cluster), which the hub created. */
  declare public readonly mailboxNamespace: pulumi.Output<string>;
  /** Names of the CSRs this resource approved when it was last created or updated. */
  declare public readonly approvedCsrs: pulumi.Output<string[]>;
  /** Pending CSRs for this cluster that were not approved: name, requester and why. */
  declare public readonly refusedCsrs: pulumi.Output<RefusedCsr[]>;
  /** The hub accepted the cluster: its mailbox namespace exists (read again on refresh). */
  declare public readonly accepted: pulumi.Output<boolean>;
  /**
   * The ManagedCluster reports `ManagedClusterJoined=True`: the WEC's agent holds a hub certificate.
   * Read again on refresh. Without `waitForCsr` it is false while no agent has joined; with it,
   * the resource fails rather than record false.
   */
  declare public readonly joined: pulumi.Output<boolean>;

  constructor(name: string, args: ClusterAcceptanceArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof AcceptanceOutputs, pulumi.Input<unknown>> = {
      kubeconfig: pulumi.secret(args.kubeconfig),
      clusterName: args.clusterName,
      joinIdentity: args.joinIdentity ?? ACCEPTANCE_DEFAULTS.joinIdentity,
      csrApproval: args.csrApproval ?? ACCEPTANCE_DEFAULTS.csrApproval,
      waitForCsr: args.waitForCsr ?? ACCEPTANCE_DEFAULTS.waitForCsr,
      timeoutSeconds: args.timeoutSeconds ?? ACCEPTANCE_DEFAULTS.timeoutSeconds,
      pollIntervalSeconds: args.pollIntervalSeconds ?? ACCEPTANCE_DEFAULTS.pollIntervalSeconds,
      providerVersion: CLUSTER_ACCEPTANCE_PROVIDER_VERSION,
      mailboxNamespace: undefined,
      approvedCsrs: undefined,
      refusedCsrs: undefined,
      accepted: undefined,
      joined: undefined,
    };
    super(
      ...dynamicResourceArgs<AcceptanceInputs, AcceptanceOutputs>("ClusterAcceptance", name, props, opts, [
        "kubeconfig",
      ]),
    );
  }
}
