/**
 * Closed sets of choices, as `as const` objects (no TypeScript unions in Args, so Pulumi's
 * component analyzer can turn them into schema enums). Each type alias is the union of the
 * object's values and is only used internally.
 */

/** Label-selector operator, as in `metav1.LabelSelectorRequirement`. */
export const SelectorOperator = {
  /** The label is set and its value is one of `values`. */
  In: "In",
  /** The label is not set, or its value is none of `values`. */
  NotIn: "NotIn",
  /** The label is set, whatever its value (`values` must be empty). */
  Exists: "Exists",
  /** The label is not set (`values` must be empty). */
  DoesNotExist: "DoesNotExist",
} as const;
export type SelectorOperator = (typeof SelectorOperator)[keyof typeof SelectorOperator];
