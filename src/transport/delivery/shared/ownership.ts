/**
 * Which stack resource owns a hub object, for every delivery mode: the owner label carries a hash
 * of the stack-unique owner id, writes add it, and deletes remove only objects that still carry
 * it (someone else may have taken the name since: a KubeStellar transport overwrites a same-named
 * ManifestWork with its own labels, and deleting it would fight them).
 */
import { OWNER_LABEL, shortHash } from "../../../kube";

/** The owner label's value: a hash of the stack-unique owner id (label values are short). */
export function ownerValue(owner: string): string {
  return shortHash(owner, 40);
}

/** The owner label value an object carries, if any. */
export function ownerLabelOf(obj: Record<string, unknown> | undefined): string | undefined {
  return (obj?.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[OWNER_LABEL];
}

/** Whether `obj` carries `owner`'s label. */
export function isOwnedBy(obj: Record<string, unknown> | undefined, owner: string): boolean {
  return ownerLabelOf(obj) === ownerValue(owner);
}

/** `obj` with `owner`'s label added to its own labels. */
export function withOwner(obj: Record<string, unknown>, owner: string): Record<string, unknown> {
  const meta = obj.metadata as { labels?: Record<string, string> };
  return {
    ...obj,
    metadata: { ...meta, labels: { ...(meta.labels ?? {}), [OWNER_LABEL]: ownerValue(owner) } },
  };
}

/** One hub object as a delete needs it: read it, delete it. */
export interface OwnedTarget {
  get(): Promise<Record<string, unknown> | undefined>;
  delete(): Promise<void>;
}

/** Deletes the target unless it is gone or no longer carries `owner`'s label. */
export async function deleteIfOwned(target: OwnedTarget, owner: string): Promise<void> {
  const live = await target.get();
  if (live === undefined || !isOwnedBy(live, owner)) return;
  await target.delete();
}
