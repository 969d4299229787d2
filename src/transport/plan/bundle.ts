import { createHash } from "node:crypto";
import { applyRank } from "./apply-order";
import { BUNDLE_OPTION_DEFAULTS } from "./defaults";
import { goJson, wireSizeOfBytes } from "../go/go-json";
import type { KubeObject, ObjectIdentity } from "./objects";
import { describeObject, identityKey, identityOf } from "./objects";
import type { RedactableIssue } from "./redact";
import type { SecretBaseline } from "./revisions";
import { secretRevision } from "./revisions";
import { isSecretObject } from "./secrets";

/** How big one bundle (ManifestWork) may get. */
export interface BundleLimits {
  /** Σ manifest size as the OCM webhook measures it (`Manifest.Size()`). */
  readonly maxBytes: number;
  /** Number of manifests in one ManifestWork. */
  readonly maxObjects: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxBytes: BUNDLE_OPTION_DEFAULTS.maxBytes,
  maxObjects: BUNDLE_OPTION_DEFAULTS.maxObjects,
};

/** One workload object ready to be packed. */
export interface BundleItem {
  /** `group/kind/namespace/name`: unique per WEC. */
  readonly id: string;
  readonly identity: ObjectIdentity;
  readonly object: KubeObject;
  /** Bytes this object counts against the webhook limit. */
  readonly bytes: number;
  /**
   * What the plan records: a short hash of the object's canonical JSON, or for a Secret its opaque
   * revision (revisions.ts). An edit changes it.
   */
  readonly hash: string;
  /** For a Secret, the content hash the revision stands for: in memory only, never recorded. */
  readonly secretContent?: string;
  /** The hash of its canonical JSON, for every object: in memory only (the hub's dry-run cache key). */
  readonly content: string;
  readonly rank: number;
}

/** What a previous plan recorded about one bundle: its key and its objects with their hashes. */
export interface PreviousBundle {
  readonly key: string;
  readonly objects: Readonly<Record<string, string>>;
}

/** One packed bundle: becomes one ManifestWork. Items are in apply order. */
export interface PackedBundle {
  readonly key: string;
  readonly items: readonly BundleItem[];
  readonly bytes: number;
}

/**
 * Short content hash for change detection (not security): SHA-1, which is ~1.7x faster than
 * SHA-256 here and is computed once per object per plan. Unsalted, so a recorded hash of a
 * Secret would give its value away: Secrets are recorded by revision instead (revisions.ts).
 */
export function contentHash(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex").slice(0, 16);
}

/** Apply order first (Namespaces, CRDs, ...), then identity: the canonical order of items. */
export function compareItems(a: BundleItem, b: BundleItem): number {
  return a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Turns objects into bundle items, reporting duplicates (same object on the WEC twice, which
 * the webhook would reject or, across versions, would make two manifests fight) and objects
 * that alone exceed the limit. `paths[i]` names where object `i` came from in messages.
 */
export function toBundleItems(
  objects: readonly KubeObject[],
  limits: BundleLimits,
  paths: readonly string[],
  previousHashes: ReadonlyMap<string, string> = new Map(),
  secretBaseline?: SecretBaseline,
): { items: BundleItem[]; issues: RedactableIssue[] } {
  const items: BundleItem[] = [];
  const issues: RedactableIssue[] = [];
  const seen = new Map<string, string>();
  objects.forEach((object, i) => {
    const path = paths[i] ?? `objects[${i}]`;
    const identity = identityOf(object);
    const id = identityKey(identity);
    const first = seen.get(id);
    if (first !== undefined) {
      const reason = `${describeObject(object)} is declared twice (also at ${first}); each object may appear once per WEC`;
      issues.push({ path, reason, redacted: reason });
      return;
    }
    seen.set(id, path);
    // One canonical serialization per object (keys sorted, as Go's encoder writes maps) gives
    // its size and its content hash, so reordering keys is no change.
    const json = goJson(object);
    const utf8 = Buffer.from(json, "utf8");
    const bytes = wireSizeOfBytes(utf8.length);
    if (bytes > limits.maxBytes) {
      const reason = `${describeObject(object)} is ${bytes} bytes, more than the ${limits.maxBytes}-byte limit of one ManifestWork; split it (e.g. a smaller ConfigMap) or raise the webhook's --manifestLimit and maxBytes`;
      issues.push({ path, reason, redacted: reason });
      return;
    }
    const content = contentHash(utf8);
    const previous = previousHashes.get(id);
    items.push({
      id,
      identity,
      object,
      bytes,
      content,
      ...(isSecretObject(object)
        ? { hash: secretRevision(id, content, previous, secretBaseline), secretContent: content }
        : { hash: stableHash(content, previous, object) }),
      rank: applyRank(object.kind),
    });
  });
  return { items, issues };
}

/**
 * Plans written before content hashes were canonical (0.1.x) hashed the object as built, key
 * order included. An object whose recorded hash is that older hash of the same content keeps it,
 * so upgrading rewrites no ManifestWork; any real edit moves it to the canonical hash.
 */
function stableHash(canonical: string, previous: string | undefined, object: KubeObject): string {
  if (previous === undefined || previous === canonical) return canonical;
  return contentHash(JSON.stringify(object)) === previous ? previous : canonical;
}

interface WorkingBundle {
  key: string;
  items: BundleItem[];
  bytes: number;
}

function fits(b: WorkingBundle, bytes: number, count: number, limits: BundleLimits): boolean {
  return b.bytes + bytes <= limits.maxBytes && b.items.length + count <= limits.maxObjects;
}

function add(b: WorkingBundle, item: BundleItem): void {
  b.items.push(item);
  b.bytes += item.bytes;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return Number(a.key) - Number(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Lowest non-negative integer key not in use: new bundles fill gaps, names stay short. */
function nextKey(bundles: readonly WorkingBundle[]): string {
  const used = new Set(bundles.map((b) => b.key));
  let k = 0;
  while (used.has(String(k))) k++;
  return String(k);
}

function lowerBound(items: readonly BundleItem[], limits: BundleLimits): number {
  const bytes = items.reduce((s, i) => s + i.bytes, 0);
  return Math.max(Math.ceil(bytes / limits.maxBytes), Math.ceil(items.length / limits.maxObjects));
}

function firstFit(items: readonly BundleItem[], bundles: WorkingBundle[], limits: BundleLimits): void {
  for (const item of items) {
    let target = bundles.find((b) => fits(b, item.bytes, 1, limits));
    if (target === undefined) {
      target = { key: nextKey(bundles), items: [], bytes: 0 };
      bundles.push(target);
    }
    add(target, item);
  }
}

/**
 * Packs items into bundles (ManifestWorks) for one WEC.
 *
 * Without `previous`, items are placed first-fit in apply order: Namespaces and CRDs land in the
 * first bundle, and every bundle but the last is nearly full when objects are small next to the
 * limit. With `previous` (the plan recorded by the last run), every object stays in the bundle it
 * was in, so a change touches as few bundles as possible:
 * - a removed or edited object rewrites only its own bundle;
 * - an added object joins one bundle with room (or a new one);
 * - an edit that overflows its bundle moves the changed object to one other bundle;
 * - bundles are merged only when there are more than the lower bound + 1, and only while the
 *   number of bundles changed by this run stays at most max(2, what the edit itself changed).
 * An unchanged input gives back exactly the previous bundles. Output is independent of the order
 * of `items` and, for the same `previous`, deterministic.
 */
export function packBundles(
  itemsIn: readonly BundleItem[],
  limits: BundleLimits,
  previous: readonly PreviousBundle[] = [],
): PackedBundle[] {
  const items = [...itemsIn].sort(compareItems);
  const bundles: WorkingBundle[] = [];
  if (previous.length === 0) {
    firstFit(items, bundles, limits);
    return finish(bundles);
  }

  const current = new Map(items.map((i) => [i.id, i]));
  const prevById = new Map<string, PreviousBundle>();
  const placed = new Set<string>();
  for (const prev of [...previous].sort(byKey)) {
    if (prevById.has(prev.key)) continue;
    prevById.set(prev.key, prev);
    const b: WorkingBundle = { key: prev.key, items: [], bytes: 0 };
    for (const id of Object.keys(prev.objects).sort()) {
      const item = current.get(id);
      if (item !== undefined && !placed.has(id)) {
        add(b, item);
        placed.add(id);
      }
    }
    if (b.items.length > 0) bundles.push(b);
  }
  const isChanged = (b: WorkingBundle): boolean => {
    const prev = prevById.get(b.key);
    if (prev === undefined || Object.keys(prev.objects).length !== b.items.length) return true;
    return b.items.some((i) => prev.objects[i.id] !== i.hash);
  };

  // Overflow: an edit grew a bundle past a limit. Move out changed objects first (largest
  // first), then others, and place what was moved out together in one other bundle.
  const groups: BundleItem[][] = [];
  for (const b of bundles) {
    const prev = prevById.get(b.key);
    const evicted: BundleItem[] = [];
    const order = [...b.items].sort((x, y) => {
      const cx = prev?.objects[x.id] !== x.hash ? 0 : 1;
      const cy = prev?.objects[y.id] !== y.hash ? 0 : 1;
      return cx - cy || y.bytes - x.bytes || compareItems(x, y);
    });
    while (b.bytes > limits.maxBytes || b.items.length > limits.maxObjects) {
      const out = order.shift()!;
      b.items.splice(b.items.indexOf(out), 1);
      b.bytes -= out.bytes;
      evicted.push(out);
    }
    if (evicted.length > 0) groups.push(evicted.sort(compareItems));
  }
  for (const group of groups) {
    const bytes = group.reduce((s, i) => s + i.bytes, 0);
    const candidates = bundles
      .filter((b) => fits(b, bytes, group.length, limits))
      .sort((x, y) => Number(isChanged(y)) - Number(isChanged(x)) || byKey(x, y));
    const target = candidates[0];
    if (target !== undefined) group.forEach((i) => add(target, i));
    else firstFit(group, bundles, limits);
  }

  // New objects: into a bundle this run already rewrites if one has room, else the first with room.
  const fresh = items.filter((i) => !placed.has(i.id) && !groups.some((g) => g.includes(i)));
  for (const item of fresh) {
    const candidates = bundles
      .filter((b) => fits(b, item.bytes, 1, limits))
      .sort((x, y) => Number(isChanged(y)) - Number(isChanged(x)) || byKey(x, y));
    if (candidates[0] !== undefined) add(candidates[0], item);
    else firstFit([item], bundles, limits);
  }

  compact(bundles, items, limits, prevById, isChanged);
  return finish(bundles);
}

/** Merges bundles to keep their number near the lower bound without breaking the change budget. */
function compact(
  bundles: WorkingBundle[],
  items: readonly BundleItem[],
  limits: BundleLimits,
  prevById: ReadonlyMap<string, PreviousBundle>,
  isChanged: (b: WorkingBundle) => boolean,
): void {
  const changedSet = (): Set<string> => {
    const keys = new Set(bundles.filter(isChanged).map((b) => b.key));
    for (const key of prevById.keys()) if (!bundles.some((b) => b.key === key)) keys.add(key);
    return keys;
  };
  const initial = changedSet();
  if (initial.size === 0) return;
  const budget = Math.max(2, initial.size);
  const bound = lowerBound(items, limits) + 1;
  for (;;) {
    const changed = changedSet();
    let best: { donor: WorkingBundle; recipient: WorkingBundle; cost: number } | undefined;
    for (const donor of bundles) {
      for (const recipient of bundles) {
        if (donor === recipient || !fits(recipient, donor.bytes, donor.items.length, limits)) continue;
        const after = new Set(changed);
        after.add(donor.key);
        after.add(recipient.key);
        const extra = after.size - changed.size;
        if (after.size > budget) continue;
        // Above the bound any merge within budget helps; at or below it, merge only for free.
        if (bundles.length <= bound && extra > 0) continue;
        const cost = extra * 1e12 + donor.bytes * 1e3 - recipient.bytes / 1e3;
        if (best === undefined || cost < best.cost || (cost === best.cost && byKey(donor, best.donor) < 0)) {
          best = { donor, recipient, cost };
        }
      }
    }
    if (best === undefined) return;
    best.donor.items.forEach((i) => add(best.recipient, i));
    bundles.splice(bundles.indexOf(best.donor), 1);
  }
}

function finish(bundles: WorkingBundle[]): PackedBundle[] {
  return bundles
    .filter((b) => b.items.length > 0)
    .sort(byKey)
    .map((b) => ({ key: b.key, items: [...b.items].sort(compareItems), bytes: b.bytes }));
}
