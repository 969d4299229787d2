/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** `ManifestWork.spec.deleteOption.propagationPolicy`. */
export const DeletePropagationPolicy = {
  Foreground: "Foreground",
  Orphan: "Orphan",
  SelectivelyOrphan: "SelectivelyOrphan",
} as const;
export type DeletePropagationPolicy = (typeof DeletePropagationPolicy)[keyof typeof DeletePropagationPolicy];

/** `manifestConfigs[].feedbackRules[].type`. */
export const FeedbackRuleType = { WellKnownStatus: "WellKnownStatus", JSONPaths: "JSONPaths" } as const;
export type FeedbackRuleType = (typeof FeedbackRuleType)[keyof typeof FeedbackRuleType];

/** What `ManifestWorkBundle` waits for before `pulumi up` moves on. */
export const WaitFor = { None: "None", Applied: "Applied", Available: "Available" } as const;
export type WaitFor = (typeof WaitFor)[keyof typeof WaitFor];

/** How a `WorkloadBinding` delivers: which process writes each WEC's ManifestWork. */
export const Delivery = {
  /** The library writes one ManifestWork bundle per selected WEC (a resource per WEC). */
  PerWec: "PerWec",
  /**
   * The library writes ManifestWorkReplicaSets and Placements once; the OCM hub's controllers
   * write each WEC's ManifestWork (needs the hub feature gate `ManifestWorkReplicaSet`).
   */
  HubFanOut: "HubFanOut",
} as const;
export type Delivery = (typeof Delivery)[keyof typeof Delivery];
