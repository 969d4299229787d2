/**
 * A binding's per-WEC plans in one compact record, so a binding's state grows by what differs
 * per WEC (ManifestWork hashes and generations, and the hashes of its templated objects), not by
 * the workload. An object hash every WEC shares is stored once, and each distinct packing (which
 * objects each ManifestWork holds) once; a WEC records its works, its packing's digest and the
 * hashes of its objects that are not the same on every WEC (its templated ones). So an edit shows
 * in `preview --diff` under each WEC it changes and nowhere else: no hash is ever "the common one"
 * for one plan and a WEC's own for the next. `expandWecPlan` gives back exactly the per-WEC plan
 * that was compacted. Pure.
 */
import { contentHash } from "./bundle";
import { goJson } from "../go/go-json";
import type { BundlePlan, PlannedBundle } from "./plan";

/** One ManifestWork of one WEC. */
export interface WecWork {
  /** Stable shard key inside the set (`0`, `1`, ...), as in `PlannedBundle.key`. */
  readonly key: string;
  /** The bundle's content hash, as in `PlannedBundle.hash`: it changes when the ManifestWork is rewritten. */
  readonly hash: string;
  /** Σ manifest size as the OCM webhook counts it, Secrets not counted (`PlannedBundle.bytes`). */
  readonly bytes: number;
  /** KubeStellar's generation annotation: bumped each time the bundle's content changes. */
  readonly generation: number;
  /**
   * Hash of the ManifestWork's spec as written: tells a hand edit on refresh, and lets a work
   * whose spec a new plan reproduces keep its hash and generation (hashes of older releases).
   */
  readonly specHash: string;
}

/** One WEC's part of a `BindingPlan`: its ManifestWorks, and where its objects differ. */
export interface WecPlan {
  /** ManifestWork name → what it is. */
  readonly works: Readonly<Record<string, WecWork>>;
  /** Digest of this WEC's packing in `BindingPlan.layouts`. */
  readonly layout: string;
  /** Hashes of this WEC's objects that differ between WECs (its templated objects). */
  readonly objects?: Readonly<Record<string, string>>;
}

/**
 * Every selected WEC's plan in one record (what `BindingBundles` records): the objects and each
 * distinct packing once, and per WEC only what differs, so the state grows by a few hundred bytes
 * per WEC rather than by the workload.
 */
export interface BindingPlan {
  /** Object id → its content hash, for the objects every WEC holds with the same hash. */
  readonly objects: Readonly<Record<string, string>>;
  /** Packing digest → bundle key → object ids. */
  readonly layouts: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** WEC → its works. Keys sorted, so equal plans serialize identically. */
  readonly wecs: Readonly<Record<string, WecPlan>>;
}

/** What one WEC's planning gave: the plan and, per ManifestWork, the hash of its spec. */
export interface WecPlanned {
  readonly plan: BundlePlan;
  readonly specHashes: Readonly<Record<string, string>>;
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/**
 * Packs per-WEC plans into one `BindingPlan`. `perWecIds` are the objects always recorded per
 * WEC (the templated ones): their hashes may happen to agree on every WEC today and differ
 * tomorrow, and the diff must not move them in and out of the common record.
 */
export function compactPlans(
  perWec: Readonly<Record<string, WecPlanned>>,
  perWecIds: ReadonlySet<string> = new Set(),
): BindingPlan {
  // Per object id, its hashes and how many WECs hold it: common only when every WEC holds it
  // with one hash. A "most common" hash would move between WECs as values change, and the diff
  // with it (a line leaving wec1 and appearing under wec2).
  const hashes = new Map<string, Set<string>>();
  const holders = new Map<string, number>();
  for (const { plan } of Object.values(perWec)) {
    for (const bundle of Object.values(plan)) {
      for (const [id, hash] of Object.entries(bundle.objects)) {
        hashes.set(id, (hashes.get(id) ?? new Set<string>()).add(hash));
        holders.set(id, (holders.get(id) ?? 0) + 1);
      }
    }
  }
  const wecCount = Object.keys(perWec).length;
  const objects: Record<string, string> = {};
  for (const [id, set] of hashes)
    if (set.size === 1 && holders.get(id) === wecCount && !perWecIds.has(id)) objects[id] = [...set][0]!;
  const layouts: Record<string, Record<string, string[]>> = {};
  const wecs: Record<string, WecPlan> = {};
  for (const wec of Object.keys(perWec).sort()) {
    const { plan, specHashes } = perWec[wec]!;
    const layout: Record<string, string[]> = {};
    const works: Record<string, WecWork> = {};
    const own: Record<string, string> = {};
    for (const [name, b] of Object.entries(plan)) {
      layout[b.key] = Object.keys(b.objects).sort();
      works[name] = {
        key: b.key,
        hash: b.hash,
        bytes: b.bytes,
        generation: b.generation,
        specHash: specHashes[name] ?? "",
      };
      for (const [id, hash] of Object.entries(b.objects)) if (objects[id] === undefined) own[id] = hash;
    }
    const sortedLayout = sortedRecord(layout);
    const digest = contentHash(goJson(sortedLayout));
    layouts[digest] = sortedLayout;
    wecs[wec] = {
      works: sortedRecord(works),
      layout: digest,
      ...(Object.keys(own).length === 0 ? {} : { objects: sortedRecord(own) }),
    };
  }
  return { objects: sortedRecord(objects), layouts: sortedRecord(layouts), wecs };
}

/** Ids recorded per WEC anywhere in `plan` (what `compactPlans` keeps per WEC when it repacks). */
export function perWecObjectIds(plan: BindingPlan): Set<string> {
  return new Set(Object.values(plan.wecs).flatMap((w) => Object.keys(w.objects ?? {})));
}

/** The per-WEC plan `compactPlans` was given for `wec`, or undefined when it has none. */
export function expandWecPlan(plan: BindingPlan | undefined, wec: string): BundlePlan | undefined {
  const p = plan?.wecs[wec];
  if (p === undefined) return undefined;
  const layout = plan!.layouts[p.layout] ?? {};
  const out: Record<string, PlannedBundle> = {};
  for (const [name, w] of Object.entries(p.works)) {
    const objects: Record<string, string> = {};
    for (const id of layout[w.key] ?? []) objects[id] = p.objects?.[id] ?? plan!.objects[id] ?? "";
    out[name] = { key: w.key, hash: w.hash, bytes: w.bytes, generation: w.generation, objects };
  }
  return out;
}

/**
 * A `BindingPlan` as the engine records it: each WEC's part as one line (`encodeWecPlan`), so
 * `pulumi preview --diff` shows exactly one changed line under each WEC an edit changes. A plan
 * recorded before 0.4.0 holds each WEC's part as an object; `readRecordedPlan` takes both.
 */
export interface RecordedBindingPlan {
  /** As `BindingPlan.objects`: the hashes every WEC shares. */
  readonly objects: Readonly<Record<string, string>>;
  /** As `BindingPlan.layouts`: packing digest → bundle key → object ids. */
  readonly layouts: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** WEC → its part as one line (`encodeWecPlan`), or as an object when recorded before 0.4.0. */
  readonly wecs: Readonly<Record<string, string | WecPlan>>;
}

/** Separates the parts of one WEC's line: no layout digest, work name, object id or hash holds it. */
const PART = " | ";

/**
 * One WEC's part as one line: its packing digest, then each ManifestWork (`name key= hash= gen=
 * bytes= spec=`), then each object hash recorded for this WEC (`id=hash`), all sorted.
 */
export function encodeWecPlan(p: WecPlan): string {
  const works = Object.keys(p.works)
    .sort()
    .map((name) => {
      const w = p.works[name]!;
      return `${name} key=${w.key} hash=${w.hash} gen=${w.generation} bytes=${w.bytes} spec=${w.specHash}`;
    });
  const objects = Object.keys(p.objects ?? {})
    .sort()
    .map((id) => `${id}=${p.objects![id]}`);
  return [p.layout, ...works, ...objects].join(PART);
}

/** The `WecPlan` `encodeWecPlan` wrote (or the object a plan recorded before 0.4.0 holds). */
export function decodeWecPlan(recorded: string | WecPlan): WecPlan {
  if (typeof recorded !== "string") return recorded;
  const [layout = "", ...parts] = recorded.split(PART);
  const works: Record<string, WecWork> = {};
  const objects: Record<string, string> = {};
  for (const part of parts) {
    const work = /^(\S+) key=(\S*) hash=(\S*) gen=(\d+) bytes=(\d+) spec=(\S*)$/.exec(part);
    if (work !== null) {
      works[work[1]!] = {
        key: work[2]!,
        hash: work[3]!,
        generation: Number(work[4]),
        bytes: Number(work[5]),
        specHash: work[6]!,
      };
    } else {
      const eq = part.lastIndexOf("=");
      if (eq > 0) objects[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { works, layout, ...(Object.keys(objects).length === 0 ? {} : { objects }) };
}

/** `plan` as the engine records it. */
export function recordPlan(plan: BindingPlan): RecordedBindingPlan {
  const wecs: Record<string, string> = {};
  for (const wec of Object.keys(plan.wecs).sort()) wecs[wec] = encodeWecPlan(plan.wecs[wec]!);
  return { objects: plan.objects, layouts: plan.layouts, wecs };
}

/** The plan a recorded one holds, in either form; undefined stays undefined. */
export function readRecordedPlan(
  recorded: RecordedBindingPlan | BindingPlan | undefined,
): BindingPlan | undefined {
  if (recorded === undefined) return undefined;
  const wecs: Record<string, WecPlan> = {};
  for (const [wec, p] of Object.entries(recorded.wecs)) wecs[wec] = decodeWecPlan(p);
  return { objects: recorded.objects, layouts: recorded.layouts, wecs };
}
