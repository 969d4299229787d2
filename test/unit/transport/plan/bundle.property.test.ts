import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  BundleItem,
  BundleLimits,
  PackedBundle,
  PreviousBundle,
} from "../../../../src/transport/plan/bundle";
import type { KubeObject } from "../../../../src/transport/plan/objects";
import { goJson } from "../../../../src/transport/go/go-json";
import { packBundles, toBundleItems } from "../../../../src/transport/plan/bundle";

const RUNS = 1000;
const KINDS = [
  ["v1", "Namespace"],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
  ["v1", "ConfigMap"],
  ["apps/v1", "Deployment"],
  ["v1", "Service"],
  ["example.com/v1", "Widget"],
] as const;

interface Spec {
  kind: number;
  ns: number;
  name: number;
  size: number;
  rev: number;
}

function toObject(s: Spec): KubeObject {
  const [apiVersion, kind] = KINDS[s.kind]!;
  const clusterScoped = kind === "Namespace" || kind === "CustomResourceDefinition";
  return {
    apiVersion,
    kind,
    metadata: clusterScoped ? { name: `o${s.name}` } : { name: `o${s.name}`, namespace: `ns${s.ns}` },
    data: { rev: String(s.rev), pad: "x".repeat(s.size) },
  };
}

function itemsOf(specs: readonly Spec[], limits: BundleLimits): BundleItem[] {
  const objects = specs.map(toObject);
  const { items, issues } = toBundleItems(
    objects,
    limits,
    objects.map((_, i) => `w[${i}]`),
  );
  expect(issues).toEqual([]);
  return items;
}

function asPrevious(bundles: readonly PackedBundle[]): PreviousBundle[] {
  return bundles.map((b) => ({
    key: b.key,
    objects: Object.fromEntries(b.items.map((i) => [i.id, i.hash])),
  }));
}

function signature(b: PackedBundle): string {
  return b.items.map((i) => `${i.id}@${i.hash}`).join(",");
}

/** Bundles whose content differs between two packings, plus bundles created or deleted. */
function changedBundles(before: readonly PackedBundle[], after: readonly PackedBundle[]): string[] {
  const a = new Map(before.map((b) => [b.key, signature(b)]));
  const z = new Map(after.map((b) => [b.key, signature(b)]));
  return [...new Set([...a.keys(), ...z.keys()])].filter((k) => a.get(k) !== z.get(k)).sort();
}

function assertValid(
  bundles: readonly PackedBundle[],
  items: readonly BundleItem[],
  limits: BundleLimits,
): void {
  const placed = bundles.flatMap((b) => b.items.map((i) => i.id)).sort();
  expect(placed).toEqual(items.map((i) => i.id).sort());
  for (const b of bundles) {
    expect(b.items.length).toBeGreaterThan(0);
    expect(b.items.length).toBeLessThanOrEqual(limits.maxObjects);
    expect(b.bytes).toBe(b.items.reduce((s, i) => s + i.bytes, 0));
    expect(b.bytes).toBeLessThanOrEqual(limits.maxBytes);
  }
}

const limitsArb = fc.record({
  maxBytes: fc.integer({ min: 6000, max: 40000 }),
  maxObjects: fc.integer({ min: 2, max: 40 }),
});
const specArb = fc.record({
  kind: fc.integer({ min: 0, max: KINDS.length - 1 }),
  ns: fc.integer({ min: 0, max: 3 }),
  name: fc.integer({ min: 0, max: 400 }),
  size: fc.oneof(fc.integer({ min: 10, max: 1500 }), fc.integer({ min: 1500, max: 5500 })),
  rev: fc.constant(0),
});
const uniqueSpecs = (min: number, max: number) =>
  fc.uniqueArray(specArb, {
    minLength: min,
    maxLength: max,
    selector: (s) => `${s.kind}/${s.kind <= 1 ? 0 : s.ns}/${s.name}`,
  });

type Op =
  | { type: "add"; spec: Spec }
  | { type: "remove"; index: number }
  | { type: "edit"; index: number; size: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  specArb.map((spec) => ({ type: "add" as const, spec: { ...spec, name: spec.name + 1000 } })),
  fc.nat().map((index) => ({ type: "remove" as const, index })),
  fc
    .record({ index: fc.nat(), size: fc.integer({ min: 10, max: 5500 }) })
    .map((e) => ({ type: "edit" as const, ...e })),
);

function applyOp(specs: Spec[], op: Op, step: number): Spec[] {
  if (specs.length === 0 || op.type === "add") {
    const spec = op.type === "add" ? op.spec : { kind: 2, ns: 0, name: 5000 + step, size: 100, rev: 0 };
    const same = (s: Spec) =>
      s.kind === spec.kind && s.name === spec.name && (s.kind <= 1 || s.ns === spec.ns);
    return specs.some(same) ? specs : [...specs, spec];
  }
  const i = op.index % specs.length;
  if (op.type === "remove") return specs.filter((_, j) => j !== i);
  return specs.map((s, j) => (j === i ? { ...s, size: op.size, rev: s.rev + 1 } : s));
}

describe("packBundles properties (fast-check, 1000 runs each)", () => {
  it("places every object exactly once within the byte and object limits", () => {
    fc.assert(
      fc.property(uniqueSpecs(0, 60), limitsArb, (specs, limits) => {
        const items = itemsOf(specs, limits);
        assertValid(packBundles(items, limits), items, limits);
      }),
      { numRuns: RUNS },
    );
  });

  it("gives byte-identical output for any input order", () => {
    fc.assert(
      fc.property(uniqueSpecs(1, 60), limitsArb, fc.integer(), (specs, limits, seed) => {
        const items = itemsOf(specs, limits);
        const shuffled = fc.sample(
          fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }),
          { seed, numRuns: 1 },
        )[0]!;
        expect(goJson(packBundles(shuffled, limits))).toBe(goJson(packBundles(items, limits)));
        const prev = asPrevious(packBundles(items, limits));
        expect(goJson(packBundles(shuffled, limits, [...prev].reverse()))).toBe(
          goJson(packBundles(items, limits, prev)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("changes nothing when nothing changed", () => {
    fc.assert(
      fc.property(uniqueSpecs(0, 60), limitsArb, (specs, limits) => {
        const items = itemsOf(specs, limits);
        const first = packBundles(items, limits);
        expect(packBundles(items, limits, asPrevious(first))).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });

  it("rewrites at most 2 bundles per single add, remove or edit, over chains of 12 changes", () => {
    fc.assert(
      fc.property(
        uniqueSpecs(1, 50),
        limitsArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        (start, limits, ops) => {
          let specs: Spec[] = start;
          let packed = packBundles(itemsOf(specs, limits), limits);
          ops.forEach((op, step) => {
            specs = applyOp(specs, op, step);
            const items = itemsOf(specs, limits);
            const next = packBundles(items, limits, asPrevious(packed));
            assertValid(next, items, limits);
            expect(changedBundles(packed, next).length).toBeLessThanOrEqual(2);
            packed = next;
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
