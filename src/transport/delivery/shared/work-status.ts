/** What a bundle's ManifestWorks report, and waiting for `Applied`/`Available` after a write. */
import { BUNDLE_OPTION_DEFAULTS } from "../../plan/defaults";
import type { BundleOptions } from "../../plan/options";
import { parseManifestWorkStatus } from "../../plan/status";
import type { FeedbackValue } from "../../plan/status";
import type { WorkClient } from "./work-client";
import type { TransportEnv } from "./wait";
import { pollUntil } from "./wait";
import { isTransientReadError } from "../../../kube/retry";

/** What one ManifestWork reports, for outputs: Applied, Available, a summary line and feedback. */
export interface BundleStatusSummary {
  /** `Applied` is True for the current spec: the WEC's work agent applied every manifest. */
  applied: boolean;
  /** `Available` is True for the current spec: every object the work applied exists on the WEC. */
  available: boolean;
  /** `Applied=<state> (<reason>)` or `missing`, for people reading the stack outputs. */
  summary: string;
  /** Feedback values per object (`group/kind/namespace/name`). */
  feedback: Record<string, Record<string, FeedbackValue>>;
}

export function summarizeStatus(work: Record<string, unknown> | undefined): BundleStatusSummary {
  if (work === undefined) return { applied: false, available: false, summary: "missing", feedback: {} };
  const s = parseManifestWorkStatus(work);
  const feedback: Record<string, Record<string, FeedbackValue>> = {};
  for (const m of s.manifests) {
    if (Object.keys(m.feedback).length > 0)
      feedback[`${m.group}/${m.kind}/${m.namespace}/${m.name}`] = { ...m.feedback };
  }
  const reason = s.applied.reason === "" ? "" : ` (${s.applied.reason})`;
  return {
    applied: s.isApplied,
    available: s.isAvailable,
    summary: `Applied=${s.applied.state}${s.applied.stale ? "/stale" : ""}${reason}`,
    feedback,
  };
}

export type { ProgressLog } from "./wait";

/** The env of the per-WEC and binding providers: the ManifestWork client, log and clock. */
export type ProviderEnv = TransportEnv<WorkClient>;

export async function waitForStatus(
  env: ProviderEnv,
  client: WorkClient,
  inputs: { readonly clusterName: string; readonly options?: BundleOptions },
  names: readonly string[],
): Promise<Record<string, BundleStatusSummary>> {
  const want = inputs.options?.waitFor ?? BUNDLE_OPTION_DEFAULTS.waitFor;
  const read = async () => {
    const out: Record<string, BundleStatusSummary> = {};
    for (const name of names) out[name] = summarizeStatus(await client.get(inputs.clusterName, name));
    return out;
  };
  if (want === "None") return read();
  // The first read may meet a hub restarting too: the wait starts from "not known yet".
  const first = await read().catch((err: unknown) => {
    if (!isTransientReadError(err)) throw err;
    const unknown: BundleStatusSummary = {
      applied: false,
      available: false,
      summary: "not known yet (the hub did not answer)",
      feedback: {},
    };
    return Object.fromEntries(names.map((n) => [n, unknown]));
  });
  const ready = (status: Record<string, BundleStatusSummary>, n: string) =>
    want === "Applied" ? status[n]!.applied : status[n]!.available;
  return pollUntil(env, first, {
    timeoutMs: (inputs.options?.waitTimeoutSeconds ?? BUNDLE_OPTION_DEFAULTS.waitTimeoutSeconds) * 1000,
    read,
    done: (status) => names.every((n) => ready(status, n)),
    progress: (status, waited) =>
      `waiting for ${want} on WEC "${inputs.clusterName}": ${names.filter((n) => ready(status, n)).length}/${names.length} bundles after ${Math.round(waited / 1000)}s`,
    timedOut: (status, waited) =>
      `timed out after ${Math.round(waited / 1000)}s waiting for ${want} on WEC "${inputs.clusterName}": ${names
        .filter((n) => !ready(status, n))
        .map((n) => `${n} ${status[n]!.summary}`)
        .join(", ")}; is the WEC's work agent running?`,
  });
}
