import type { BindingClusterArgs } from "./schema";
import type { LabelSelector } from "../kube";
import { anySelectorMatches } from "../kube";

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
