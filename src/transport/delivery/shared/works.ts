/**
 * The ManifestWorks of every mode that writes them directly (per WEC and binding-wide): one as a
 * delete target, the manifests it carries, and the check that no other owner's work already
 * places an object on the same WEC.
 */
import { OWNER_LABEL } from "../../../kube";
import { identityKey, identityOf } from "../../plan/objects";
import type { KubeObject } from "../../plan/objects";
import type { OwnedTarget } from "./ownership";
import type { WorkClient } from "./work-client";

/** One ManifestWork as `deleteIfOwned` (ownership.ts) reads and deletes it. */
export function workTarget(client: WorkClient, namespace: string, name: string): OwnedTarget {
  return { get: () => client.get(namespace, name), delete: () => client.delete(namespace, name) };
}

export function manifestsOf(work: Record<string, unknown>): KubeObject[] {
  const spec = work.spec as { workload?: { manifests?: KubeObject[] } } | undefined;
  return spec?.workload?.manifests ?? [];
}

/**
 * Refuses to place an object that another owner's ManifestWork already places on the same WEC:
 * two works fighting over one object would flap it on the WEC. `owners` are the owner label values
 * that count as this resource's (its own, and those it takes over); returns this resource's live
 * works by name, with the owner label each carries.
 */
export async function assertNoConflicts(
  client: WorkClient,
  clusterName: string,
  owners: readonly string[],
  works: readonly Record<string, unknown>[],
): Promise<Map<string, string>> {
  const wanted = new Map<string, string>();
  for (const work of works) {
    for (const m of manifestsOf(work))
      wanted.set(identityKey(identityOf(m)), (work.metadata as { name: string }).name);
  }
  const ours = new Set(works.map((w) => (w.metadata as { name: string }).name));
  const mine = new Map<string, string>();
  for (const other of await client.list(clusterName)) {
    const meta = other.metadata as { name: string; labels?: Record<string, string> };
    const owner = meta.labels?.[OWNER_LABEL];
    if (owner !== undefined && owners.includes(owner)) {
      mine.set(meta.name, owner);
      continue;
    }
    if (ours.has(meta.name)) {
      throw new Error(
        `conflict: ManifestWork ${clusterName}/${meta.name} already exists and is not managed by this resource (${owner === undefined ? "no owner label" : "another stack or resource owns it"}); choose another bundleSetName or remove it`,
      );
    }
    for (const m of manifestsOf(other)) {
      const id = identityKey(identityOf(m));
      const mineIn = wanted.get(id);
      if (mineIn !== undefined) {
        throw new Error(
          `conflict: ${m.apiVersion} ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name} is already placed on WEC "${clusterName}" by ManifestWork ${meta.name}, which this resource does not own; it would also be placed by ${mineIn}. Remove it from one of them.`,
        );
      }
    }
  }
  return mine;
}
