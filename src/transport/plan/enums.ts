/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** `ManifestWork.spec.deleteOption.propagationPolicy`. */
export const DeletePropagationPolicy = {
  /**
   * The work agent deletes the ManifestWork's objects from the WEC, and the ManifestWork is gone
   * only once they are (OCM's default).
   */
  Foreground: "Foreground",
  /** Every object stays on the WEC when its ManifestWork is deleted; nothing manages it any more. */
  Orphan: "Orphan",
  /** The objects listed in `orphan` stay on the WEC; every other object is deleted as with `Foreground`. */
  SelectivelyOrphan: "SelectivelyOrphan",
} as const;
export type DeletePropagationPolicy = (typeof DeletePropagationPolicy)[keyof typeof DeletePropagationPolicy];

/** `manifestConfigs[].feedbackRules[].type`. */
export const FeedbackRuleType = {
  /**
   * The status fields OCM's work agent knows for the kind (Deployment, DaemonSet, Job and Pod
   * only), such as a Deployment's `ReadyReplicas`.
   */
  WellKnownStatus: "WellKnownStatus",
  /** The values at the rule's own `jsonPaths`, for any kind. */
  JSONPaths: "JSONPaths",
} as const;
export type FeedbackRuleType = (typeof FeedbackRuleType)[keyof typeof FeedbackRuleType];

/** What `ManifestWorkBundle` waits for before `pulumi up` moves on. */
export const WaitFor = {
  /** Move on once the ManifestWorks are written; their status is read once, as it is then. */
  None: "None",
  /**
   * Wait until every ManifestWork reports `Applied` for its current spec: the WEC's work agent
   * applied each manifest.
   */
  Applied: "Applied",
  /**
   * Wait until every ManifestWork reports `Available` for its current spec: each object it applied
   * exists on the WEC. It says nothing of the objects' own readiness (a Deployment's pods).
   */
  Available: "Available",
} as const;
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
