import type { BindingClusterArgs } from "./schema";
import type { LabelSelector } from "../kube";
import { anySelectorMatches, selectorMismatch } from "../kube";

/**
 * The WECs a binding places its workloads on: those whose labels match any selector (ORed, as
 * a BindingPolicy's `clusterSelectors`), sorted by name so fan-out order never churns.
 */
export function selectClusters(
  clusters: readonly BindingClusterArgs[],
  selectors: readonly LabelSelector[],
): BindingClusterArgs[] {
  return clusters
    .filter((c) => anySelectorMatches(selectors, c.labels ?? {}))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How many WECs the no-selection warning explains before "and N more". */
const EXPLAINED_WECS = 10;

/**
 * What a binding whose selectors pick no WEC tells the reviewer: the selectors, and for each WEC
 * it could pick (the first ten) why each selector passes it over, so a label typo or a moved
 * label shows at preview; then what `up` does about it. Pure.
 */
export function noWecSelectedWarning(
  selectors: readonly LabelSelector[],
  candidates: readonly BindingClusterArgs[],
): string {
  const head =
    selectors.length === 0
      ? "selects no WEC: clusterSelectors is empty, which selects nothing"
      : candidates.length === 0
        ? `selects no WEC: there is none to choose from (wecs and clusters are empty)`
        : `selects no WEC: clusterSelectors ${JSON.stringify(selectors)} match none of its ${candidates.length} WEC${candidates.length === 1 ? "" : "s"}`;
  const sorted = [...candidates].sort((a, b) => (a.name < b.name ? -1 : 1));
  const why = sorted.slice(0, EXPLAINED_WECS).map((c) => {
    const reasons = selectors.map((s) => selectorMismatch(s, c.labels ?? {}) ?? "matches");
    return `${c.name}: ${reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `[${i}] ${r}`).join(", ")}`;
  });
  const more = sorted.length > EXPLAINED_WECS ? `; and ${sorted.length - EXPLAINED_WECS} more` : "";
  const detail = selectors.length > 0 && why.length > 0 ? ` (${why.join("; ")}${more})` : "";
  return `${head}${detail}. If it delivered to WECs before, up withdraws its workload from every one of them only with allowWithdrawAll: true, and refuses otherwise`;
}
