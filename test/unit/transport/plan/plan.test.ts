import { describe, expect, it } from "vitest";
import type { BundlePlan } from "../../../../src/transport/plan/plan";
import type { KubeObject } from "../../../../src/transport/plan/objects";
import { InputValidationError } from "../../../../src/kube/errors";
import { planBundles } from "../../../../src/transport/plan/plan";
import { shortHash } from "../../../../src/kube/names";

const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const deploy = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop", uid: "u-1", resourceVersion: "9" },
  spec: { replicas: 1 },
  status: { readyReplicas: 1 },
};

describe("planBundles", () => {
  it("builds labelled, sanitized ManifestWorks in apply order", () => {
    const r = planBundles({ setName: "shop", clusterName: "wec1", objects: [deploy, ns] });
    expect(r.objectCount).toBe(2);
    expect(Object.keys(r.plan)).toEqual(["shop-0"]);
    const hash = r.plan["shop-0"]!.hash;
    expect(r.works).toEqual([
      {
        apiVersion: "work.open-cluster-management.io/v1",
        kind: "ManifestWork",
        metadata: {
          name: "shop-0",
          namespace: "wec1",
          labels: {
            "transport.kubestellar.io/originOwnerReferenceBindingKey": "shop",
            "transport.kubestellar.io/originWdsName": "kubestellar-its",
            "its.kubestellar.io/bundle-set": "shop",
            "app.kubernetes.io/managed-by": "kubestellar-its",
          },
          annotations: {
            "transport.kubestellar.io/originOwnerReferenceBindingGeneration": "1",
            "its.kubestellar.io/content-hash": hash,
          },
        },
        spec: {
          workload: {
            manifests: [
              { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "web", namespace: "shop" },
                spec: { replicas: 1 },
              },
            ],
          },
        },
      },
    ]);
    expect(r.plan).toEqual({
      "shop-0": {
        key: "0",
        hash,
        bytes: r.totalBytes,
        generation: 1,
        objects: {
          "/Namespace//shop": expect.stringMatching(/^[0-9a-f]{16}$/),
          "apps/Deployment/shop/web": expect.stringMatching(/^[0-9a-f]{16}$/),
        },
      },
    });
  });

  it("bumps the generation only of the bundle whose content changed", () => {
    const first = planBundles({ setName: "s", clusterName: "c", objects: [ns, deploy] });
    const same = planBundles({ setName: "s", clusterName: "c", objects: [ns, deploy], previous: first.plan });
    expect(same.plan).toEqual(first.plan);
    const edited = planBundles({
      setName: "s",
      clusterName: "c",
      objects: [ns, { ...deploy, spec: { replicas: 3 } }],
      previous: first.plan,
    });
    expect(edited.plan["s-0"]!.generation).toBe(2);
    expect(edited.plan["s-0"]!.hash).not.toBe(first.plan["s-0"]!.hash);
  });

  it("reports every bad object at once, naming object, field and reason", () => {
    const err = (() => {
      try {
        planBundles({
          setName: "s",
          clusterName: "wec1",
          objects: [
            { kind: "ConfigMap", metadata: { name: "a" } },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dup", namespace: "x" } },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dup", namespace: "x" } },
            {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: { name: "big" },
              data: { x: "y".repeat(600_000) },
            },
          ],
        });
      } catch (e) {
        return e as InputValidationError;
      }
      throw new Error("expected a validation error");
    })();
    expect(err).toBeInstanceOf(InputValidationError);
    expect(err.message).toBe(
      [
        'invalid workloads for WEC "wec1":',
        '  - workloads[0].apiVersion: <no apiVersion> ConfigMap a: apiVersion must be "<version>" or "<group>/<version>", got undefined',
        "  - workloads[1].metadata.name: v1 ConfigMap <no name>: metadata.generateName is not allowed in a ManifestWork (the OCM webhook rejects it); set metadata.name",
        "  - workloads[3]: v1 ConfigMap x/dup is declared twice (also at workloads[2]); each object may appear once per WEC",
        "  - workloads[4]: v1 ConfigMap big is 600084 bytes, more than the 512000-byte limit of one ManifestWork; split it (e.g. a smaller ConfigMap) or raise the webhook's --manifestLimit and maxBytes",
      ].join("\n"),
    );
  });

  it("refuses a WEC name that is not a namespace name", () => {
    expect(() => planBundles({ setName: "s", clusterName: "WEC_1", objects: [ns] })).toThrow(
      `invalid WEC name:\n  - clusterName: "WEC_1" is not a valid namespace name for the WEC's mailbox: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  });

  it("keeps long set names valid and stable", () => {
    const long = "a-very-long-binding-name-that-goes-on-and-on-past-the-label-limit";
    const r = planBundles({ setName: long, clusterName: "c", objects: [ns] });
    expect(Object.keys(r.plan)).toEqual([
      `a-very-long-binding-name-that-goes-on-and-on-past-the-${shortHash(`${long}-0`)}`,
    ]);
  });
});

/** A deterministic pseudo-random workload of mixed sizes, like a real application set. */
export function realisticWorkload(count: number, seed: number): KubeObject[] {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const objects: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const size = r < 0.02 ? 95_000 + Math.floor(rand() * 5000) : 500 + Math.floor(rand() * 19_500);
    const kind = ["ConfigMap", "Deployment", "Service", "Secret"][i % 4]!;
    objects.push({
      apiVersion: kind === "Deployment" ? "apps/v1" : "v1",
      kind,
      metadata: { name: `obj-${i}`, namespace: `team-${i % 7}` },
      data: { payload: "x".repeat(size) },
    });
  }
  return objects;
}

function changed(a: BundlePlan, b: BundlePlan): number {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => a[n]?.hash !== b[n]?.hash).length;
}

describe("realistic workload: 300 objects of 0.5-20 KB with a few near 100 KB", () => {
  it("packs within lower bound + 1 and rewrites at most 2 bundles per edit over 300 edits", () => {
    const objects = realisticWorkload(300, 7);
    let current = planBundles({ setName: "app", clusterName: "wec1", objects });
    const lowerBound = Math.ceil(current.totalBytes / 512000);
    let maxChanged = 0;
    let totalChanged = 0;
    let worstExcess = Object.keys(current.plan).length - lowerBound;
    let state = 11;
    const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const live = [...objects];
    for (let step = 0; step < 300; step++) {
      const r = rand();
      const i = Math.floor(rand() * live.length);
      if (r < 0.34)
        live[i] = { ...live[i]!, data: { payload: "y".repeat(500 + Math.floor(rand() * 19_500)) } };
      else if (r < 0.67) live.splice(i, 1);
      else live.push({ ...live[i]!, metadata: { name: `new-${step}`, namespace: "team-x" } });
      const next = planBundles({
        setName: "app",
        clusterName: "wec1",
        objects: live,
        previous: current.plan,
        // What `check` knows from the old inputs: the Secrets' content, so revisions move only on edits.
        secretBaseline: current.secretContent,
      });
      const n = changed(current.plan, next.plan);
      maxChanged = Math.max(maxChanged, n);
      totalChanged += n;
      worstExcess = Math.max(
        worstExcess,
        Object.keys(next.plan).length - Math.ceil(next.totalBytes / 512000),
      );
      current = next;
    }
    console.log(
      `300-object workload: ${Object.keys(planBundles({ setName: "app", clusterName: "wec1", objects }).plan).length} bundles for lower bound ${lowerBound}; ` +
        `300 edits: max ${maxChanged} / mean ${(totalChanged / 300).toFixed(3)} bundles rewritten; worst bundles - lower bound = ${worstExcess}`,
    );
    expect(maxChanged).toBeLessThanOrEqual(2);
    expect(worstExcess).toBeLessThanOrEqual(1);
  });
});

describe("canonical content", () => {
  /** The same object with every mapping's keys in reverse order. */
  function reversed(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reversed);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, reversed(v)]),
      );
    }
    return value;
  }

  it("reordering keys changes no hash, no generation and no ManifestWork", () => {
    const objects = [
      ns,
      deploy,
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c", namespace: "shop" },
        data: { b: "2", a: "1" },
      },
    ];
    const first = planBundles({ clusterName: "wec1", setName: "shop", objects });
    const second = planBundles({
      clusterName: "wec1",
      setName: "shop",
      objects: objects.map(reversed),
      previous: first.plan,
    });
    expect(second.plan).toEqual(first.plan);
  });
});

describe("the bound ⌈bytes/limit⌉ + 1 is a target, not a guarantee", () => {
  it("no packing meets it for large objects: 80 objects of a fifth of the limit and a little more need 20 ManifestWorks", () => {
    // Five such objects exceed the limit, so a ManifestWork holds at most four: 20 is optimal,
    // while ⌈bytes/limit⌉ + 1 is 18. The planner packs them optimally.
    const limit = 512_000;
    const big = (i: number) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `c${String(i).padStart(2, "0")}`, namespace: "shop" },
      data: { blob: "x".repeat(limit / 5 + 100) },
    });
    const { plan } = planBundles({
      clusterName: "wec1",
      setName: "big",
      objects: Array.from({ length: 80 }, (_, i) => big(i)),
    });
    const bundles = Object.values(plan);
    const bytes = bundles.reduce((s, b) => s + b.bytes, 0);
    expect(Math.ceil(bytes / limit) + 1).toBe(18);
    expect(bundles.length).toBe(20);
    expect(bundles.every((b) => Object.keys(b.objects).length === 4)).toBe(true);
  });
});
