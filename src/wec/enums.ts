/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** `Klusterlet.spec.deployOption.mode`. */
export const KlusterletMode = {
  /** The registration and work agents run on the WEC as two Deployments. */
  Default: "Default",
  /** The registration and work agents run on the WEC as one Deployment (fewer pods). */
  Singleton: "Singleton",
  /**
   * The agents run on another (management) cluster and reach the WEC through a kubeconfig; the
   * klusterlet operator runs there too.
   */
  Hosted: "Hosted",
  /** As `Hosted`, with the two agents in one Deployment. */
  SingletonHosted: "SingletonHosted",
} as const;
export type KlusterletMode = (typeof KlusterletMode)[keyof typeof KlusterletMode];

/** `ManagedCluster.spec.taints[].effect`. */
export const TaintEffect = {
  /**
   * Placements do not select the cluster unless they tolerate the taint, and a Placement that had
   * selected it drops it.
   */
  NoSelect: "NoSelect",
  /** Placements that do not tolerate the taint avoid the cluster, but may still select it. */
  PreferNoSelect: "PreferNoSelect",
  /**
   * Placements that do not tolerate the taint do not newly select the cluster, but one that
   * already selected it keeps it.
   */
  NoSelectIfNew: "NoSelectIfNew",
} as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** How the WEC side of a registration is done. */
export const JoinMethod = {
  /** Do not touch the WEC: an agent joins by other means; the ITS side still accepts it. */
  None: "none",
  /** A declarative Klusterlet CR plus the `bootstrap-hub-kubeconfig` Secret on the WEC. */
  Klusterlet: "klusterlet",
  /** `clusteradm join`, run through `@pulumi/command`. */
  Clusteradm: "clusteradm",
} as const;
export type JoinMethod = (typeof JoinMethod)[keyof typeof JoinMethod];

/** Whose join CSRs the accept step approves. */
export const CsrApproval = {
  /**
   * Only CSRs filed by the WEC's join identity (the one this component mints, or `joinIdentity`),
   * with the subject OCM's agent builds for the cluster, signer and usages of a client certificate.
   */
  JoinIdentity: "JoinIdentity",
  /**
   * `clusteradm accept`'s rule: any bootstrap identity (the shared `agent-registration-bootstrap`
   * ServiceAccount or a `system:bootstrap:*` token) may file the CSR; the subject, signer and usages
   * are still checked. Anyone holding a shared join credential can then join as this WEC.
   */
  AnyBootstrapIdentity: "AnyBootstrapIdentity",
} as const;
export type CsrApproval = (typeof CsrApproval)[keyof typeof CsrApproval];

/** Whether a `klusterlet` join installs the OCM klusterlet operator on the WEC. */
export const KlusterletOperatorInstall = {
  /**
   * `clusteradm join`'s rule: install the operator (as the pinned OCM klusterlet chart renders
   * it) unless the WEC already runs one, in any namespace; an operator found is used as it is and
   * left alone on destroy. Only the `Default` and `Singleton` modes run the operator on the WEC.
   */
  IfMissing: "IfMissing",
  /** Never install it: an operator managed elsewhere (OLM, another stack) serves the Klusterlet. */
  Never: "Never",
} as const;
export type KlusterletOperatorInstall =
  (typeof KlusterletOperatorInstall)[keyof typeof KlusterletOperatorInstall];
