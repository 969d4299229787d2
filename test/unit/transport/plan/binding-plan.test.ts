import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compactPlans,
  decodeWecPlan,
  encodeWecPlan,
  expandWecPlan,
  readRecordedPlan,
  recordPlan,
} from "../../../../src/transport/plan/binding-plan";
import type { BindingPlan, WecPlanned } from "../../../../src/transport/plan/binding-plan";
import { contentHash } from "../../../../src/transport/plan/bundle";
import type { BundlePlan, PlannedBundle } from "../../../../src/transport/plan/plan";

const RUNS = 300;
const hex = (seed: string) => contentHash(seed);

/** What one WEC holds before packing: object id → hash, and which key each object is packed in. */
interface WecSpec {
  readonly objects: readonly { id: number; variant: number; key: number }[];
  readonly works: readonly { gen: number; bytes: number; salt: number }[];
}

const idOf = (i: number) => (i % 3 === 0 ? `/Namespace//ns${i}` : `apps/Deployment/shop/d${i}`);

/** Hashes of one object: variant 0 is the common one, others are WEC-specific. */
const hashOf = (id: number, variant: number) => hex(`obj-${id}-${variant}`);

/** Turns a generated spec into what one WEC's planning gives. */
function toPlanned(set: string, wec: string, spec: WecSpec): WecPlanned {
  const byKey = new Map<number, Record<string, string>>();
  const seen = new Set<number>();
  for (const o of spec.objects) {
    if (seen.has(o.id)) continue; // an object appears once per WEC
    seen.add(o.id);
    const objects = byKey.get(o.key) ?? {};
    byKey.set(o.key, objects);
    objects[idOf(o.id)] = hashOf(o.id, o.variant);
  }
  const plan: Record<string, PlannedBundle> = {};
  const specHashes: Record<string, string> = {};
  for (const [key, objects] of byKey) {
    const w = spec.works[key % spec.works.length]!;
    const name = `${set}-${key}`;
    plan[name] = {
      key: String(key),
      hash: hex(`${wec}-${key}-${w.salt}`),
      bytes: w.bytes,
      generation: w.gen,
      objects,
    };
    specHashes[name] = hex(`m-${wec}-${key}-${w.salt}`);
  }
  return { plan, specHashes };
}

/** The same record with its keys inserted in another order (`order` picks the permutation). */
function shuffled<T>(r: Readonly<Record<string, T>>, order: number): Record<string, T> {
  const keys = Object.keys(r);
  const out: Record<string, T> = {};
  let k = order;
  while (keys.length > 0) {
    const [key] = keys.splice(k % keys.length, 1);
    k = Math.floor(k / 2) + 7;
    out[key!] = r[key!]!;
  }
  return out;
}

function shuffledPlanned(perWec: Record<string, WecPlanned>, order: number): Record<string, WecPlanned> {
  const out: Record<string, WecPlanned> = {};
  for (const [wec, p] of Object.entries(shuffled(perWec, order))) {
    const plan: Record<string, PlannedBundle> = {};
    for (const [name, b] of Object.entries(shuffled(p.plan, order + 1)))
      plan[name] = { ...b, objects: shuffled(b.objects, order + 3) };
    out[wec] = { plan, specHashes: shuffled(p.specHashes, order + 5) };
  }
  return out;
}

const objectArb = fc.record({
  id: fc.nat({ max: 11 }),
  // Mostly the common hash; sometimes a WEC-specific one (a templated object).
  variant: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
  key: fc.nat({ max: 3 }),
});
const workArb = fc.record({
  gen: fc.integer({ min: 1, max: 9 }),
  bytes: fc.nat({ max: 500_000 }),
  salt: fc.nat({ max: 3 }),
});
const wecSpecArb: fc.Arbitrary<WecSpec> = fc.record({
  objects: fc.array(objectArb, { maxLength: 14 }),
  works: fc.array(workArb, { minLength: 1, maxLength: 4 }),
});
const perWecArb = fc
  .uniqueArray(fc.stringMatching(/^wec-[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 7 })
  .chain((wecs) =>
    fc.tuple(fc.constant(wecs), fc.array(wecSpecArb, { minLength: wecs.length, maxLength: wecs.length })),
  )
  .map(([wecs, specs]) => {
    const perWec: Record<string, WecPlanned> = {};
    wecs.forEach((wec, i) => (perWec[wec] = toPlanned("app", wec, specs[i]!)));
    return perWec;
  });

describe("compactPlans / expandWecPlan", () => {
  it("gives back exactly each WEC's plan", () => {
    fc.assert(
      fc.property(perWecArb, (perWec) => {
        const compact = compactPlans(perWec);
        expect(Object.keys(compact.wecs)).toEqual(Object.keys(perWec).sort());
        for (const [wec, { plan, specHashes }] of Object.entries(perWec)) {
          expect(expandWecPlan(compact, wec)).toEqual(plan);
          const works = compact.wecs[wec]!.works;
          for (const name of Object.keys(plan)) expect(works[name]!.specHash).toBe(specHashes[name]);
          // An object is either common or recorded per WEC, never both.
          for (const id of Object.keys(compact.wecs[wec]!.objects ?? {}))
            expect(compact.objects[id]).toBeUndefined();
        }
        expect(expandWecPlan(compact, "no-such-wec")).toBeUndefined();
        expect(expandWecPlan(undefined, Object.keys(perWec)[0]!)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("survives a JSON round trip (the engine stores it as state)", () => {
    fc.assert(
      fc.property(perWecArb, (perWec) => {
        const stored = JSON.parse(JSON.stringify(compactPlans(perWec))) as BindingPlan;
        for (const [wec, { plan }] of Object.entries(perWec))
          expect(expandWecPlan(stored, wec)).toEqual(plan);
        // Compacting the expanded plans again is a fixed point.
        const again: Record<string, WecPlanned> = {};
        for (const [wec, p] of Object.entries(stored.wecs)) {
          again[wec] = {
            plan: expandWecPlan(stored, wec)!,
            specHashes: Object.fromEntries(Object.entries(p.works).map(([n, w]) => [n, w.specHash])),
          };
        }
        expect(JSON.stringify(compactPlans(again))).toBe(JSON.stringify(stored));
      }),
      { numRuns: RUNS },
    );
  });

  it("is deterministic: the same JSON whatever the insertion order", () => {
    fc.assert(
      fc.property(perWecArb, fc.nat({ max: 1000 }), (perWec, order) => {
        const a = JSON.stringify(compactPlans(perWec));
        expect(JSON.stringify(compactPlans(shuffledPlanned(perWec, order)))).toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it("stores a hash once only when every WEC holds it with that hash, and templated objects always per WEC", () => {
    const o = (objects: Record<string, string>): WecPlanned => ({
      plan: { "s-0": { key: "0", hash: "h", bytes: 1, generation: 1, objects } },
      specHashes: { "s-0": "m" },
    });
    const compact = compactPlans(
      {
        a: o({ x: "1", y: "b", z: "3", t: "4" }),
        b: o({ x: "1", y: "a", z: "3", t: "4" }),
        c: o({ x: "2", z: "3", t: "4" }),
      },
      new Set(["t"]),
    );
    // z: same everywhere; x: differs; y: not on every WEC; t: templated (same today).
    expect(compact.objects).toEqual({ z: "3" });
    expect(compact.wecs.a!.objects).toEqual({ t: "4", x: "1", y: "b" });
    expect(compact.wecs.b!.objects).toEqual({ t: "4", x: "1", y: "a" });
    expect(compact.wecs.c!.objects).toEqual({ t: "4", x: "2" });
    // WECs a and b share one packing, c has another.
    expect(Object.keys(compact.layouts)).toHaveLength(2);
    expect(compact.wecs.a!.layout).toBe(compact.wecs.b!.layout);
    expect(compact.wecs.a!.layout).not.toBe(compact.wecs.c!.layout);
  });

  it("keeps an edit under the WEC it changes: changing one WEC's templated hashes changes only its entry", () => {
    fc.assert(
      fc.property(perWecArb, fc.nat({ max: 6 }), fc.nat(), (perWec, pick, salt) => {
        const wecs = Object.keys(perWec).sort();
        const wec = wecs[pick % wecs.length]!;
        // Every object that differs anywhere counts as templated, as the planner would say.
        const templated = new Set(
          Object.keys(compactPlans(perWec).wecs).flatMap((w) =>
            Object.keys(compactPlans(perWec).wecs[w]!.objects ?? {}),
          ),
        );
        const before = compactPlans(perWec, templated);
        const changed: Record<string, WecPlanned> = { ...perWec };
        const { plan, specHashes } = perWec[wec]!;
        const edited: Record<string, PlannedBundle> = {};
        for (const [name, b] of Object.entries(plan)) {
          const objects = { ...b.objects };
          for (const id of Object.keys(objects))
            if (templated.has(id)) objects[id] = hex(`edit-${salt}-${id}`);
          edited[name] = { ...b, objects };
        }
        changed[wec] = { plan: edited, specHashes };
        const after = compactPlans(changed, templated);
        expect(after.objects).toEqual(before.objects);
        for (const w of wecs) if (w !== wec) expect(after.wecs[w]).toEqual(before.wecs[w]);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps a WEC with no works", () => {
    const compact = compactPlans({ a: { plan: {}, specHashes: {} } });
    expect(expandWecPlan(compact, "a")).toEqual({});
  });
});

// 1000 WECs × 50 objects in two ManifestWorks; object 7 is templated and its hash differs in every
// WEC (the worst case: no WEC shares it), so the work holding it has a per-WEC hash too.
const WECS = 1000;
const OBJECTS = 50;
const ids = Array.from(
  { length: OBJECTS },
  (_, i) => `apps/Deployment/shop/web-${String(i).padStart(2, "0")}`,
);
/** `variantOf(w)` is WEC w's variant of the templated object (0: the common one). */
function largePerWec(wecs: number, variantOf: (w: number) => number): Record<string, WecPlanned> {
  const perWec: Record<string, WecPlanned> = {};
  for (let w = 0; w < wecs; w++) {
    const wec = `wec-${String(w).padStart(4, "0")}`;
    const variant = variantOf(w);
    const plan: Record<string, PlannedBundle> = {};
    for (const key of ["0", "1"]) {
      const objects: Record<string, string> = {};
      ids.forEach((id, i) => {
        if (String(i % 2) === key) objects[id] = hex(`${id}-${i === 7 ? variant : 0}`);
      });
      plan[`app-${key}`] = {
        key,
        hash: hex(`work-${key}-${key === "1" ? variant : 0}`),
        bytes: 123_456,
        generation: 3,
        objects,
      };
    }
    perWec[wec] = {
      plan,
      specHashes: { "app-0": hex("m-0"), "app-1": hex(`m-1-${variant}`) },
    };
  }
  return perWec;
}
const large = largePerWec(WECS, (w) => w + 1);
const largeCompact = compactPlans(large, new Set([ids[7]!]));
const largeBytes = JSON.stringify(largeCompact).length;
// Measured: 338 bytes per WEC (JSON of the whole compact plan / 1000), against ≈ 2640 for the
// per-WEC plans it replaces.
const perWecBytes = Math.round(largeBytes / WECS);

describe("the recorded plan: one line per WEC", () => {
  it("reads back exactly what it recorded, and a plan recorded before 0.4.0 as it was", () => {
    fc.assert(
      fc.property(perWecArb, (perWec) => {
        const plan = compactPlans(perWec);
        const recorded = JSON.parse(JSON.stringify(recordPlan(plan))) as ReturnType<typeof recordPlan>;
        for (const line of Object.values(recorded.wecs)) {
          expect(typeof line).toBe("string");
          expect(line).not.toContain("\n");
        }
        expect(readRecordedPlan(recorded)).toEqual(plan);
        // The object form (before 0.4.0) passes through.
        expect(readRecordedPlan(plan)).toEqual(plan);
        for (const wec of Object.keys(plan.wecs))
          expect(decodeWecPlan(encodeWecPlan(plan.wecs[wec]!))).toEqual(plan.wecs[wec]);
      }),
      { numRuns: RUNS },
    );
    expect(readRecordedPlan(undefined)).toBeUndefined();
  });

  it("writes the digest, each ManifestWork and each recorded object hash, sorted", () => {
    expect(
      encodeWecPlan({
        layout: "d1",
        works: {
          "app-1": { key: "1", hash: "h1", generation: 3, bytes: 20, specHash: "s1" },
          "app-0": { key: "0", hash: "h0", generation: 1, bytes: 10, specHash: "" },
        },
        objects: { "/ConfigMap/app/settings": "c1" },
      }),
    ).toBe(
      "d1 | app-0 key=0 hash=h0 gen=1 bytes=10 spec= | app-1 key=1 hash=h1 gen=3 bytes=20 spec=s1 | /ConfigMap/app/settings=c1",
    );
  });
});

describe("compact plan size", () => {
  it(`1000 WECs × 50 objects, one object's hash differing per WEC: ${perWecBytes} bytes per WEC (< 400)`, () => {
    expect(largeBytes).toBeLessThan(WECS * 400);
    // The workload's object hashes are stored once, not per WEC; the templated one per WEC.
    expect(Object.keys(largeCompact.objects)).toHaveLength(OBJECTS - 1);
    expect(Object.keys(largeCompact.layouts)).toHaveLength(1);
    const plain = JSON.stringify(Object.fromEntries(Object.entries(large).map(([w, p]) => [w, p.plan])));
    expect(largeBytes * 5).toBeLessThan(plain.length);
    for (const wec of ["wec-0000", "wec-0001", "wec-0500", "wec-0999"])
      expect(expandWecPlan(largeCompact, wec)).toEqual(large[wec]!.plan satisfies BundlePlan);
  });

  it("records only the templated object per WEC, whether or not its hash happens to agree", () => {
    // Templated object: WECs 0, 2, 4, ... expand it alike; odd WECs each differently.
    const perWec = largePerWec(9, (w) => (w % 2 === 0 ? 0 : w));
    const compact = compactPlans(perWec, new Set([ids[7]!]));
    expect(compact.wecs["wec-0000"]!.objects).toEqual({ [ids[7]!]: hex(`${ids[7]}-0`) });
    expect(compact.wecs["wec-0001"]!.objects).toEqual({ [ids[7]!]: hex(`${ids[7]}-1`) });
    for (const wec of Object.keys(perWec)) expect(expandWecPlan(compact, wec)).toEqual(perWec[wec]!.plan);
    // An object nobody templates and every WEC holds alike is never recorded per WEC.
    const untemplated = compactPlans(largePerWec(9, () => 0));
    for (const wec of Object.keys(untemplated.wecs))
      expect(untemplated.wecs[wec]).not.toHaveProperty("objects");
  });
});
