/** What a bundle's ManifestWorks report, and waiting for `Applied`/`Available` after a write. */
import { BUNDLE_OPTION_DEFAULTS } from "./defaults";
import type { BundleInputs, BundleStatusSummary } from "./bundle-inputs";
import { parseManifestWorkStatus } from "./status";
import type { FeedbackValue } from "./status";
import type { WorkClient } from "./work-client";

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

/** Logs progress of long waits: the engine shows provider stderr in its diagnostics. */
export type ProgressLog = (message: string) => void;

export interface ProviderEnv {
  client: (kubeconfig: string) => WorkClient;
  log: ProgressLog;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export async function waitForStatus(
  env: ProviderEnv,
  client: WorkClient,
  inputs: Pick<BundleInputs, "clusterName" | "options">,
  names: readonly string[],
): Promise<Record<string, BundleStatusSummary>> {
  const want = inputs.options?.waitFor ?? BUNDLE_OPTION_DEFAULTS.waitFor;
  const status: Record<string, BundleStatusSummary> = {};
  const read = async () => {
    for (const name of names) status[name] = summarizeStatus(await client.get(inputs.clusterName, name));
  };
  await read();
  if (want === "None") return status;
  const timeoutMs = (inputs.options?.waitTimeoutSeconds ?? BUNDLE_OPTION_DEFAULTS.waitTimeoutSeconds) * 1000;
  const start = env.now();
  const done = () => names.every((n) => (want === "Applied" ? status[n]!.applied : status[n]!.available));
  let lastLog = start;
  // Agents usually apply within a second: poll fast at first, then back off to every 2s.
  let interval = 250;
  while (!done()) {
    const waited = env.now() - start;
    if (waited >= timeoutMs) {
      const pending = names.filter((n) => !(want === "Applied" ? status[n]!.applied : status[n]!.available));
      throw new Error(
        `timed out after ${Math.round(waited / 1000)}s waiting for ${want} on WEC "${inputs.clusterName}": ${pending
          .map((n) => `${n} ${status[n]!.summary}`)
          .join(", ")}; is the WEC's work agent running?`,
      );
    }
    if (env.now() - lastLog >= 10_000) {
      const ready =
        names.length -
        names.filter((n) => !(want === "Applied" ? status[n]!.applied : status[n]!.available)).length;
      env.log(
        `waiting for ${want} on WEC "${inputs.clusterName}": ${ready}/${names.length} bundles after ${Math.round(waited / 1000)}s`,
      );
      lastLog = env.now();
    }
    await env.sleep(Math.min(interval, timeoutMs - waited));
    interval = Math.min(interval * 2, 2000);
    await read();
  }
  return status;
}
