import { DeletePropagationPolicy, WaitFor } from "./enums";

/** The OCM work webhook's default limit on the summed size of a ManifestWork's manifests. */
export const OCM_MANIFEST_LIMIT_BYTES = 500 * 1024;

/**
 * What the bundle options (`BundleOptionsArgs`, shared by `ManifestWorkBundle`, `WorkloadBinding`
 * and the program's bindings) mean when left out; each option's TSDoc `@default` states the same
 * value (a unit test holds the two together). The code applies every entry but one:
 * `deletePropagationPolicy` is what OCM's work agent does when the option is left out, and the
 * library leaves `deleteOption` unset then, so it is stated here, not applied.
 */
export const BUNDLE_OPTION_DEFAULTS = {
  maxBytes: OCM_MANIFEST_LIMIT_BYTES,
  maxObjects: 500,
  createOnly: [],
  // Not applied: OCM's own default; `deleteOption` stays unset, so existing works keep their hash.
  deletePropagationPolicy: DeletePropagationPolicy.Foreground,
  orphan: [],
  feedback: [],
  waitFor: WaitFor.None,
  waitTimeoutSeconds: 300,
  wdsName: "kubestellar-its",
  resourceOverrides: {},
} as const;

/** `ServerSideApplyArgs` defaults: the work agent's own. */
export const SERVER_SIDE_APPLY_DEFAULTS = { force: false, fieldManager: "work-agent" } as const;

/** `ManifestWorkBundleArgs` defaults for what one bundle resource places and expands with. */
export const MANIFEST_WORK_BUNDLE_DEFAULTS = {
  workloads: [],
  yaml: [],
  clusterLabels: {},
  clusterAnnotations: {},
  properties: {},
} as const;
