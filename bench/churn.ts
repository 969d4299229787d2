import type { BundleItem } from "../src/transport/plan/bundle";
import { DEFAULT_BUNDLE_LIMITS, toBundleItems } from "../src/transport/plan/bundle";
import type { KubeObject } from "../src/transport/plan/objects";
import type { BundlePlan } from "../src/transport/plan/plan";
import { planBundles } from "../src/transport/plan/plan";
import { sanitize } from "../src/transport/plan/sanitize";
import { makeObject, makeWorkload, rng } from "./workload";

/** Bundle name → the objects it carries, with their content hashes. */
type Layout = Map<string, Map<string, string>>;

export interface ChurnRow {
  strategy: string;
  maxRewritten: number;
  meanRewritten: number;
  maxMoved: number;
  meanBundles: number;
  worstExcess: number;
}

function items(objects: readonly KubeObject[]): BundleItem[] {
  const clean = objects.map(sanitize);
  return toBundleItems(
    clean,
    DEFAULT_BUNDLE_LIMITS,
    clean.map((_, i) => `w[${i}]`),
  ).items;
}

/** KubeStellar with `max_num_wrapped: 1`: one ManifestWork per object, named by the object. */
function onePerObject(objects: readonly KubeObject[]): Layout {
  return new Map(items(objects).map((i) => [i.id, new Map([[i.id, i.hash]])]));
}

/**
 * KubeStellar's sharded mode (`wrap` in pkg/transport): objects in binding order (sorted by
 * resource, then name), a new shard when `size + batch >= max` or the count is exceeded, and
 * shards named by index, so an insertion shifts every later object into the next shard.
 */
function sharded(objects: readonly KubeObject[]): Layout {
  const sorted = items(objects).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const layout: Layout = new Map();
  let shard = 0;
  let bytes = 0;
  let current = new Map<string, string>();
  for (const item of sorted) {
    if (
      current.size > 0 &&
      (item.bytes + bytes >= DEFAULT_BUNDLE_LIMITS.maxBytes ||
        current.size + 1 > DEFAULT_BUNDLE_LIMITS.maxObjects)
    ) {
      layout.set(`binding-wds1-${shard++}`, current);
      current = new Map();
      bytes = 0;
    }
    current.set(item.id, item.hash);
    bytes += item.bytes;
  }
  if (current.size > 0) layout.set(`binding-wds1-${shard}`, current);
  return layout;
}

function fromPlan(plan: BundlePlan): Layout {
  return new Map(Object.entries(plan).map(([name, b]) => [name, new Map(Object.entries(b.objects))]));
}

function rewritten(a: Layout, b: Layout): number {
  const same = (x?: Map<string, string>, y?: Map<string, string>) =>
    x !== undefined && y !== undefined && x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
  return [...new Set([...a.keys(), ...b.keys()])].filter((n) => !same(a.get(n), b.get(n))).length;
}

/** Objects that changed ManifestWork: on the WEC, OCM deletes and recreates them (KubeStellar #2634). */
function moved(a: Layout, b: Layout): number {
  const where = (l: Layout) => {
    const m = new Map<string, string>();
    for (const [name, objs] of l) for (const id of objs.keys()) m.set(id, name);
    return m;
  };
  const wa = where(a);
  const wb = where(b);
  return [...wb].filter(([id, name]) => wa.has(id) && wa.get(id) !== name).length;
}

/** Object sizes of a mix: the default is 0.5-20 KB (makeWorkload adds ~2% near 100 KB). */
export type SizeOf = (r: () => number) => number;
const SMALL: SizeOf = (r) => 500 + Math.floor(r() * 19_500);
/** A large-object mix: 70% 0.5-20 KB, 20% 20-80 KB, 10% 80-120 KB. */
export const LARGE_MIX: SizeOf = (r) => {
  const u = r();
  return u < 0.7
    ? 500 + Math.floor(r() * 19_500)
    : u < 0.9
      ? 20_000 + Math.floor(r() * 60_000)
      : 80_000 + Math.floor(r() * 40_000);
};

export function churnAndPacking(
  count: number,
  steps: number,
  seed: number,
  sizeOf?: SizeOf,
): { rows: ChurnRow[]; steps: number; objects: number } {
  const r = rng(seed);
  const live =
    sizeOf === undefined
      ? makeWorkload(count, seed, false)
      : Array.from({ length: count }, (_, i) => makeObject(i, sizeOf(r), false));
  const size = sizeOf ?? SMALL;
  const numbers = live.map((_, i) => i);
  let next = count;
  const lowerBound = (objects: readonly KubeObject[]) =>
    Math.ceil(items(objects).reduce((s, i) => s + i.bytes, 0) / DEFAULT_BUNDLE_LIMITS.maxBytes);
  const stats = new Map<
    string,
    { max: number; sum: number; maxMoved: number; bundles: number; worst: number }
  >();
  const strategies = [
    "kubestellar-its (stable packing)",
    "KubeStellar one object per ManifestWork",
    "KubeStellar sharded, renumbered",
  ];
  for (const s of strategies) stats.set(s, { max: 0, sum: 0, maxMoved: 0, bundles: 0, worst: 0 });
  let plan = planBundles({ setName: "app", clusterName: "wec1", objects: live }).plan;
  let layouts = [fromPlan(plan), onePerObject(live), sharded(live)];
  for (let step = 0; step < steps; step++) {
    const op = r();
    const i = Math.floor(r() * live.length);
    if (op < 1 / 3) live[i] = makeObject(numbers[i]!, size(r), false);
    else if (op < 2 / 3 && live.length > 1) {
      live.splice(i, 1);
      numbers.splice(i, 1);
    } else {
      numbers.push(next);
      live.push(makeObject(next++, size(r), false));
    }
    plan = planBundles({ setName: "app", clusterName: "wec1", objects: live, previous: plan }).plan;
    const now = [fromPlan(plan), onePerObject(live), sharded(live)];
    const lb = lowerBound(live);
    strategies.forEach((s, k) => {
      const st = stats.get(s)!;
      const n = rewritten(layouts[k]!, now[k]!);
      st.max = Math.max(st.max, n);
      st.sum += n;
      st.maxMoved = Math.max(st.maxMoved, moved(layouts[k]!, now[k]!));
      st.bundles += now[k]!.size;
      st.worst = Math.max(st.worst, now[k]!.size - lb);
    });
    layouts = now;
  }
  return {
    steps,
    objects: count,
    rows: strategies.map((s) => {
      const st = stats.get(s)!;
      return {
        strategy: s,
        maxRewritten: st.max,
        meanRewritten: st.sum / steps,
        maxMoved: st.maxMoved,
        meanBundles: st.bundles / steps,
        worstExcess: st.worst,
      };
    }),
  };
}
