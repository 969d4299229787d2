/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** How the ITS is provided. Mirrors the KubeStellar core chart's `ITSes[].type`. */
export const ItsType = {
  /** A KubeFlex ControlPlane of type vcluster on the hosting cluster (the chart's default). */
  Vcluster: "vcluster",
  /** The hosting cluster itself is the ITS. */
  Host: "host",
  /** An existing cluster reached by a kubeconfig. */
  External: "external",
} as const;
export type ItsType = (typeof ItsType)[keyof typeof ItsType];
