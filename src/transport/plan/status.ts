/** A reported status-feedback value: what the work agent read from the object on the WEC. */
export type FeedbackValue = string | number | boolean;

/** A condition's state as the API reports it, or `Missing` when the condition is not there yet. */
export const ConditionState = {
  True: "True",
  False: "False",
  Unknown: "Unknown",
  Missing: "Missing",
} as const;
export type ConditionState = (typeof ConditionState)[keyof typeof ConditionState];

export interface ConditionSummary {
  readonly state: ConditionState;
  readonly reason: string;
  readonly message: string;
  /** The condition was computed for an older spec than the one stored now. */
  readonly stale: boolean;
}

export interface ManifestStatus {
  readonly ordinal: number;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly applied: ConditionState;
  readonly available: ConditionState;
  readonly feedback: Readonly<Record<string, FeedbackValue>>;
  /** Message of the first condition that is not True, e.g. an apply conflict. */
  readonly message: string;
}

export interface BundleStatus {
  readonly name: string;
  readonly applied: ConditionSummary;
  readonly available: ConditionSummary;
  /** True when Applied is True and not stale: the WEC runs the current spec. */
  readonly isApplied: boolean;
  /** True when Available is True and not stale. */
  readonly isAvailable: boolean;
  readonly manifests: readonly ManifestStatus[];
}

interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

function conditionState(status: string | undefined): ConditionState {
  return status === "True" || status === "False" || status === "Unknown" ? status : "Missing";
}

function summarize(
  conditions: readonly RawCondition[] | undefined,
  type: string,
  generation?: number,
): ConditionSummary {
  const c = (conditions ?? []).find((x) => x.type === type);
  if (c === undefined) return { state: "Missing", reason: "", message: "", stale: false };
  const stale =
    generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation;
  return { state: conditionState(c.status), reason: c.reason ?? "", message: c.message ?? "", stale };
}

function feedbackValue(fv: Record<string, unknown> | undefined): FeedbackValue | undefined {
  switch (fv?.type) {
    case "Integer":
      return typeof fv.integer === "number" ? fv.integer : undefined;
    case "String":
      return typeof fv.string === "string" ? fv.string : undefined;
    case "Boolean":
      return typeof fv.boolean === "boolean" ? fv.boolean : undefined;
    case "JsonRaw":
      return typeof fv.jsonRaw === "string" ? fv.jsonRaw : undefined;
    default:
      return undefined;
  }
}

/**
 * Reads a ManifestWork's status into what a stack wants to know: is the current spec applied
 * and available on the WEC, per bundle and per manifest, and which feedback values came back.
 * Conditions whose `observedGeneration` is older than `metadata.generation` count as stale, so
 * a just-rewritten bundle is not reported Applied on the strength of its previous content.
 */
export function parseManifestWorkStatus(work: Record<string, unknown>): BundleStatus {
  const metadata = (work.metadata ?? {}) as { name?: string; generation?: number };
  const status = (work.status ?? {}) as {
    conditions?: RawCondition[];
    resourceStatus?: { manifests?: Record<string, unknown>[] };
  };
  const generation = metadata.generation;
  const applied = summarize(status.conditions, "Applied", generation);
  const available = summarize(status.conditions, "Available", generation);
  const manifests = (status.resourceStatus?.manifests ?? []).map((m): ManifestStatus => {
    const meta = (m.resourceMeta ?? {}) as Record<string, unknown>;
    const conditions = (m.conditions ?? []) as RawCondition[];
    const values = (m.statusFeedback as { values?: Record<string, unknown>[] } | undefined)?.values ?? [];
    const feedback: Record<string, FeedbackValue> = {};
    for (const v of values) {
      const value = feedbackValue(v.fieldValue as Record<string, unknown> | undefined);
      if (typeof v.name === "string" && value !== undefined) feedback[v.name] = value;
    }
    const notTrue = conditions.find((c) => c.status !== "True" && (c.message ?? "") !== "");
    const str = (k: string): string => (typeof meta[k] === "string" ? meta[k] : "");
    return {
      ordinal: typeof meta.ordinal === "number" ? meta.ordinal : -1,
      group: str("group"),
      version: str("version"),
      kind: str("kind"),
      resource: str("resource"),
      namespace: str("namespace"),
      name: str("name"),
      applied: summarize(conditions, "Applied").state,
      available: summarize(conditions, "Available").state,
      feedback,
      message: notTrue?.message ?? "",
    };
  });
  manifests.sort((a, b) => a.ordinal - b.ordinal);
  return {
    name: metadata.name ?? "",
    applied,
    available,
    isApplied: applied.state === "True" && !applied.stale,
    isAvailable: available.state === "True" && !available.stale,
    manifests,
  };
}
