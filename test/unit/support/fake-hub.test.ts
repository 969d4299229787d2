/**
 * The fake hub's own semantics, so a provider test cannot pass on behaviour the fake got wrong:
 * server-side apply keeps status and sets generation, selectors filter, faults reject, and both
 * client views share one store.
 */
import { describe, expect, it } from "vitest";
import { rejection } from "../../support/rejection";
import { asWritten, FakeHub, workRef } from "../../support/fake-hub";

type Obj = Record<string, unknown>;

const WORK_API = "work.open-cluster-management.io/v1";
const PLACEMENT_API = "cluster.open-cluster-management.io/v1beta1";

const work = (name: string, value: string, labels: Record<string, string> = {}): Obj => ({
  apiVersion: WORK_API,
  kind: "ManifestWork",
  metadata: { name, namespace: "wec1", labels },
  spec: { workload: { manifests: [{ apiVersion: "v1", kind: "ConfigMap", data: { value } }] } },
});
const placement = (name: string, labels: Record<string, string>): Obj => ({
  apiVersion: PLACEMENT_API,
  kind: "Placement",
  metadata: { name, namespace: "fanout", labels },
  spec: {},
});
const generationOf = (o: Obj | undefined) => (o?.metadata as { generation?: number }).generation;
const conditionsOf = (o: Obj | undefined) =>
  ((o?.status as { conditions?: Obj[] } | undefined)?.conditions ?? []) as {
    type: string;
    observedGeneration?: number;
  }[];

describe("server-side apply", () => {
  it("keeps the stored status, and ignores a status in the request", async () => {
    const hub = new FakeHub();
    await hub.workClient.apply(work("w", "1"));
    const status = { conditions: [{ type: "Applied", status: "True" }] };
    hub.put({ ...hub.work("wec1", "w")!, status });
    const returned = await hub.workClient.apply({ ...work("w", "2"), status: { forged: true } });
    expect(returned.status).toEqual(status);
    expect(hub.work("wec1", "w")!.status).toEqual(status);
    // A new object gets no status from the request either.
    await hub.workClient.apply({ ...work("x", "1"), status: { forged: true } });
    expect(hub.work("wec1", "x")).not.toHaveProperty("status");
  });

  it("sets generation 1 on create and bumps it when spec changes, not for labels or a re-apply", async () => {
    const hub = new FakeHub();
    await hub.workClient.apply(work("w", "1"));
    expect(generationOf(hub.work("wec1", "w"))).toBe(1);
    await hub.workClient.apply(work("w", "1"));
    expect(generationOf(hub.work("wec1", "w"))).toBe(1);
    await hub.workClient.apply(work("w", "1", { team: "a" }));
    expect(generationOf(hub.work("wec1", "w"))).toBe(1);
    const returned = await hub.workClient.apply(work("w", "2"));
    expect(generationOf(returned)).toBe(2);
    expect(generationOf(hub.work("wec1", "w"))).toBe(2);
    // Objects without a spec (a Namespace) carry none.
    await hub.objectClient.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } });
    expect(hub.find("v1", "Namespace", "", "n")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "n" },
    });
  });

  it("stores what was written apart from status and generation", async () => {
    const hub = new FakeHub({ agent: "Available" });
    await hub.workClient.apply(work("w", "1", { team: "a" }));
    expect(asWritten(hub.work("wec1", "w"))).toEqual(work("w", "1", { team: "a" }));
    expect(hub.work("wec1", "w")).not.toEqual(work("w", "1", { team: "a" }));
  });

  it("logs every call, the accepted writes, and only the writes that changed something", async () => {
    const hub = new FakeHub();
    await hub.workClient.get("wec1", "w");
    await hub.workClient.apply(work("w", "1"));
    await hub.workClient.apply(work("w", "1"));
    await hub.workClient.delete("wec1", "w");
    await hub.workClient.delete("wec1", "w");
    await hub.workClient.list("wec1");
    expect(hub.calls).toEqual([
      "get wec1/w",
      "apply wec1/w",
      "apply wec1/w",
      "delete wec1/w",
      "delete wec1/w",
      "list wec1",
    ]);
    expect(hub.writes).toEqual(["apply wec1/w", "apply wec1/w", "delete wec1/w", "delete wec1/w"]);
    expect(hub.changes).toEqual(["apply wec1/w", "delete wec1/w"]);
    hub.reset();
    expect([hub.calls, hub.writes, hub.changes]).toEqual([[], [], []]);
  });

  it("hands out copies: editing a returned object does not edit the store", async () => {
    const hub = new FakeHub();
    const returned = await hub.workClient.apply(work("w", "1"));
    (returned.metadata as Obj).name = "changed";
    const read = (await hub.workClient.get("wec1", "w"))!;
    (read.spec as Obj).workload = {};
    hub.work("wec1", "w")!.spec = {};
    expect(asWritten(hub.work("wec1", "w"))).toEqual(work("w", "1"));
  });
});

describe("the work agent stand-in", () => {
  it("none: works stay without status, and a spec change leaves older status stale", async () => {
    const hub = new FakeHub();
    await hub.workClient.apply(work("w", "1"));
    expect(hub.work("wec1", "w")).not.toHaveProperty("status");
    hub.agent = "Applied";
    await hub.workClient.apply(work("w", "1"));
    expect(conditionsOf(hub.work("wec1", "w"))).toEqual([
      { type: "Applied", status: "True", reason: "AppliedManifestWorkComplete", observedGeneration: 1 },
    ]);
    hub.agent = "none";
    await hub.workClient.apply(work("w", "2"));
    expect(generationOf(hub.work("wec1", "w"))).toBe(2);
    expect(conditionsOf(hub.work("wec1", "w"))[0]!.observedGeneration).toBe(1);
  });

  it("Applied / Available: reports the generation just written, keeping other conditions", async () => {
    const hub = new FakeHub({ agent: "Available" });
    await hub.workClient.apply(work("w", "1"));
    hub.put({
      ...hub.work("wec1", "w")!,
      status: { conditions: [...conditionsOf(hub.work("wec1", "w")), { type: "Degraded", status: "False" }] },
    });
    await hub.workClient.apply(work("w", "2"));
    expect(conditionsOf(hub.work("wec1", "w"))).toEqual([
      { type: "Degraded", status: "False" },
      { type: "Applied", status: "True", reason: "AppliedManifestWorkComplete", observedGeneration: 2 },
      { type: "Available", status: "True", reason: "ResourcesAvailable", observedGeneration: 2 },
    ]);
  });

  it("leaves kinds other than ManifestWork alone", async () => {
    const hub = new FakeHub({ agent: "Available" });
    await hub.objectClient.apply(placement("p", {}));
    expect(hub.find(PLACEMENT_API, "Placement", "fanout", "p")).not.toHaveProperty("status");
  });
});

describe("label-selector list", () => {
  it("filters by kind, namespace and selector terms, sorted by name", async () => {
    const hub = new FakeHub();
    hub.put(placement("b", { env: "prod", tier: "web" }));
    hub.put(placement("a", { env: "prod" }));
    hub.put(placement("c", { env: "dev" }));
    hub.put({
      ...placement("d", { env: "prod" }),
      metadata: { name: "d", namespace: "other", labels: { env: "prod" } },
    });
    hub.put({ ...placement("e", { env: "prod" }), kind: "PlacementDecision" });
    const names = async (selector?: string, namespace = "fanout") =>
      (await hub.objectClient.list(PLACEMENT_API, "Placement", namespace, selector)).map(
        (o) => (o.metadata as { name: string }).name,
      );
    expect(await names()).toEqual(["a", "b", "c"]);
    expect(await names("env=prod")).toEqual(["a", "b"]);
    expect(await names("env==prod,tier=web")).toEqual(["b"]);
    expect(await names("env!=prod")).toEqual(["c"]);
    expect(await names("tier")).toEqual(["b"]);
    expect(await names("!tier")).toEqual(["a", "c"]);
    expect(await names("env=prod", "")).toEqual(["a", "b", "d"]);
    expect(await names("env=staging")).toEqual([]);
    await expect(names("env in (prod)")).rejects.toThrow(/not supported/);
    expect(hub.calls).toContain("list Placement fanout -l env=prod");
  });
});

describe("fault injection", () => {
  it("rejects the matching requests with the given error, storing and writing nothing", async () => {
    const hub = new FakeHub();
    hub.fail(
      "apply",
      { name: "bad" },
      (r) => new Error(`applying ManifestWork ${r.namespace}/${r.name}: boom`),
    );
    const err = await rejection(hub.workClient.apply(work("bad", "1")));
    expect(err.message).toBe("applying ManifestWork wec1/bad: boom");
    expect(hub.work("wec1", "bad")).toBeUndefined();
    expect(hub.calls).toEqual(["apply wec1/bad"]);
    expect(hub.writes).toEqual([]);
    // Other names pass; once cleared, so does this one.
    await hub.workClient.apply(work("good", "1"));
    hub.clearFaults();
    await hub.workClient.apply(work("bad", "1"));
    expect(hub.workKeys()).toEqual(["wec1/bad", "wec1/good"]);
  });

  it("hits get, delete and list by namespace or kind too", async () => {
    const hub = new FakeHub();
    await hub.workClient.apply(work("w", "1"));
    const denied = new Error("forbidden");
    hub.fail("get", { namespace: "wec1" }, denied);
    hub.fail("delete", { kind: "ManifestWork", name: "w" }, denied);
    hub.fail("list", { namespace: "wec1" }, denied);
    hub.fail("list", { name: "w" }, new Error("a named fault never hits a list"));
    await expect(hub.objectClient.get(workRef("wec1", "w"))).rejects.toBe(denied);
    await expect(hub.workClient.delete("wec1", "w")).rejects.toBe(denied);
    await expect(hub.workClient.list("wec1")).rejects.toBe(denied);
    expect(await hub.workClient.list("wec2")).toEqual([]);
    expect(hub.workKeys()).toEqual(["wec1/w"]);
  });
});

describe("one store, two views", () => {
  it("a work written through either view is read, listed and deleted through the other", async () => {
    const hub = new FakeHub();
    await hub.workClient.apply(work("a", "1"));
    await hub.objectClient.apply(work("b", "1"));
    expect(await hub.objectClient.get(workRef("wec1", "a"))).toEqual(hub.work("wec1", "a"));
    expect(await hub.workClient.get("wec1", "b")).toEqual(hub.work("wec1", "b"));
    const viaObjects = await hub.objectClient.list(WORK_API, "ManifestWork", "wec1");
    expect(viaObjects).toEqual(await hub.workClient.list("wec1"));
    expect(viaObjects.map((w) => (w.metadata as { name: string }).name)).toEqual(["a", "b"]);
    await hub.objectClient.delete(workRef("wec1", "a"));
    expect(await hub.workClient.get("wec1", "a")).toBeUndefined();
    expect(hub.changes).toEqual(["apply wec1/a", "apply ManifestWork wec1/b", "delete ManifestWork wec1/a"]);
  });
});

describe("hooks and env", () => {
  it("afterApply sees the stored object and its write is returned; beforeGet runs before the read", async () => {
    const hub = new FakeHub();
    hub.afterApply = (stored, ref) => {
      if (ref.kind === "Placement") hub.put({ ...stored, status: { numberOfSelectedClusters: 2 } });
    };
    const returned = await hub.objectClient.apply(placement("p", {}));
    expect(returned.status).toEqual({ numberOfSelectedClusters: 2 });
    let reads = 0;
    hub.beforeGet = (ref) => {
      if (++reads === 2) hub.remove(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    };
    const ref = { apiVersion: PLACEMENT_API, kind: "Placement", namespace: "fanout", name: "p" };
    expect(await hub.objectClient.get(ref)).toBeDefined();
    expect(await hub.objectClient.get(ref)).toBeUndefined();
  });

  it("envs run on a fake clock, collect logs and record the kubeconfig asked for", async () => {
    const hub = new FakeHub();
    const env = hub.providerEnv(1000);
    expect(env.client("kc-1")).toBe(hub.workClient);
    expect(hub.fanOutEnv().client("kc-2")).toBe(hub.objectClient);
    expect(hub.kubeconfigs).toEqual(["kc-1", "kc-2"]);
    await env.sleep(250);
    expect(env.now()).toBe(1250);
    env.log("waiting");
    expect(env.logs).toEqual(["waiting"]);
    expect(hub.fanOutEnv().now()).toBe(0);
  });
});
