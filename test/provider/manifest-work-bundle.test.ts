import { describe, expect, it } from "vitest";
import type { BundleInputs, BundleOutputs } from "../../src/transport/delivery/bundle/bundle-inputs";
import type { ProviderEnv } from "../../src/transport/delivery/shared/work-status";
import type { WorkClient } from "../../src/transport/delivery/shared/work-client";
import { checkBundle, diffBundle } from "../../src/transport/delivery/bundle/bundle-inputs";
import { OWNER_LABEL } from "../../src/kube";
import {
  createBundle,
  deleteBundle,
  PartialApplyError,
  readBundle,
  updateBundle,
} from "../../src/transport/delivery/bundle/bundle-apply";
import { shortHash } from "../../src/kube/names";

const KUBECONFIG = (server: string, token = "t0k3n") =>
  `apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: ${token}}}]\ncontexts: [{name: c, context: {cluster: hub, user: u}}]\ncurrent-context: c\n`;

const cm = (name: string, value: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "app" },
  data: { value },
});

function inputs(over: Partial<BundleInputs> = {}): BundleInputs {
  return {
    providerVersion: "1",
    owner: "proj/dev/app",
    itsKubeconfig: KUBECONFIG("https://127.0.0.1:6443"),
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
      cm("a", "1"),
      cm("b", "2"),
    ],
    options: { maxObjects: 2 },
    ...over,
  };
}

/** An in-memory hub: records every call, and lets a test mark works Applied like the work agent. */
class FakeHub implements WorkClient {
  works = new Map<string, Record<string, unknown>>();
  calls: string[] = [];
  failApplyOf?: string;
  autoApply = true;

  get(ns: string, name: string) {
    this.calls.push(`get ${ns}/${name}`);
    return Promise.resolve(this.works.get(`${ns}/${name}`));
  }
  apply(work: Record<string, unknown>) {
    const meta = work.metadata as { name: string; namespace: string };
    this.calls.push(`apply ${meta.namespace}/${meta.name}`);
    if (meta.name === this.failApplyOf)
      return Promise.reject(
        new Error(`applying ManifestWork ${meta.namespace}/${meta.name}: HTTP 500: boom`),
      );
    const stored = structuredClone(work);
    (stored.metadata as Record<string, unknown>).generation = 1;
    if (this.autoApply)
      stored.status = {
        conditions: [
          { type: "Applied", status: "True", reason: "AppliedManifestWorkComplete", observedGeneration: 1 },
        ],
      };
    this.works.set(`${meta.namespace}/${meta.name}`, stored);
    return Promise.resolve(stored);
  }
  delete(ns: string, name: string) {
    this.calls.push(`delete ${ns}/${name}`);
    this.works.delete(`${ns}/${name}`);
    return Promise.resolve();
  }
  list(ns: string) {
    this.calls.push(`list ${ns}`);
    return Promise.resolve(
      [...this.works.entries()].filter(([k]) => k.startsWith(`${ns}/`)).map(([, v]) => v),
    );
  }
}

function envFor(hub: FakeHub, logs: string[] = []): ProviderEnv {
  let t = 0;
  return {
    client: () => hub,
    log: (m) => logs.push(m),
    sleep: (ms) => ((t += ms), Promise.resolve()),
    now: () => t,
  };
}

function checked(i: BundleInputs, olds: Partial<BundleInputs> = {}): BundleInputs {
  const r = checkBundle(olds, i);
  expect(r.failures).toBeUndefined();
  return r.inputs!;
}

describe("check", () => {
  it("adds the bundle plan to the inputs", () => {
    const r = checked(inputs());
    expect(Object.keys(r.plan!)).toEqual(["app-0", "app-1"]);
    expect(Object.keys(r.plan!["app-0"]!.objects)).toEqual(["/Namespace//app", "/ConfigMap/app/a"]);
    expect(Object.keys(r.plan!["app-1"]!.objects)).toEqual(["/ConfigMap/app/b"]);
  });

  it("returns failures naming the object and field, applying nothing", () => {
    const r = checkBundle(
      {},
      inputs({
        workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }],
        yaml: ["kind: [unclosed"],
      }),
    );
    expect(r.failures).toEqual([
      {
        property: "yaml",
        reason: expect.stringMatching(/^yaml\[0\]: kubectl cannot read yaml\[0\] document 1: /),
      },
    ]);
    const r2 = checkBundle(
      {},
      inputs({ workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }] }),
    );
    expect(r2.failures).toEqual([
      {
        property: "workloads",
        reason: "workloads[0].metadata.name: v1 ConfigMap <no name>: metadata.name is required",
      },
    ]);
    const r3 = checkBundle({}, inputs({ options: { waitFor: "Soon" as never } }));
    expect(r3.failures).toEqual([
      {
        property: "options",
        reason: `options.waitFor: must be one of "None", "Applied", "Available"; got "Soon"`,
      },
    ]);
  });

  it("rejects a kubeconfig without a server, without echoing it", () => {
    expect(checkBundle({}, inputs({ itsKubeconfig: "token: secret-canary" })).failures).toEqual([
      {
        property: "itsKubeconfig",
        reason:
          "itsKubeconfig: is not a kubeconfig with a current context and cluster server (the value is secret, so it is not shown)",
      },
    ]);
  });

  it("skips planning while inputs are unknown (preview of a new stack)", () => {
    const r = checkBundle({}, inputs({ clusterName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }));
    expect(r.inputs!.plan).toBeUndefined();
  });
});

describe("diff", () => {
  it("reports no change for an unchanged program, whatever __provider holds", () => {
    const i = checked(inputs());
    const olds = { ...i, __provider: "old code", status: {} } as unknown as BundleOutputs;
    expect(diffBundle(olds, { ...checked(inputs(), i), __provider: "new code" } as BundleInputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place for new credentials, replaces for another WEC or ITS", () => {
    const i = checked(inputs());
    const olds = i as BundleOutputs;
    expect(
      diffBundle(
        olds,
        checked(inputs({ itsKubeconfig: KUBECONFIG("https://127.0.0.1:6443", "rotated") }), i),
      ),
    ).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffBundle(olds, checked(inputs({ clusterName: "wec2" }), i)).replaces).toEqual(["clusterName"]);
    expect(
      diffBundle(olds, checked(inputs({ itsKubeconfig: KUBECONFIG("https://10.0.0.1:6443") }), i)).replaces,
    ).toEqual(["itsKubeconfig"]);
  });
});

describe("create / update / read / delete against a fake hub", () => {
  it("creates every bundle with the owner label and reports status", async () => {
    const hub = new FakeHub();
    const { id, outs } = await createBundle(
      envFor(hub),
      checked(inputs({ options: { maxObjects: 2, waitFor: "Applied" } })),
    );
    expect(id).toBe("wec1/app");
    expect(hub.calls.filter((c) => !c.startsWith("get"))).toEqual([
      "list wec1",
      "apply wec1/app-0",
      "apply wec1/app-1",
    ]);
    expect(
      (hub.works.get("wec1/app-0")!.metadata as { labels: Record<string, string> }).labels[OWNER_LABEL],
    ).toBe(shortHash("proj/dev/app", 40));
    expect(outs.bundleNames).toEqual(["app-0", "app-1"]);
    expect(outs.objectCount).toBe(3);
    expect(outs.status["app-0"]).toEqual({
      applied: true,
      available: false,
      summary: "Applied=True (AppliedManifestWorkComplete)",
      feedback: {},
    });
  });

  it("rewrites exactly the bundle holding an edited object, and nothing for no change", async () => {
    const hub = new FakeHub();
    const first = checked(inputs());
    const { outs } = await createBundle(envFor(hub), first);
    hub.calls = [];
    const same = checked(inputs(), first);
    expect(diffBundle(outs, same).changes).toBe(false);
    const edited = checked(
      inputs({
        workloads: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
          cm("a", "1"),
          cm("b", "changed"),
        ],
      }),
      first,
    );
    const r = await updateBundle(envFor(hub), "wec1/app", outs, edited);
    expect(hub.calls.filter((c) => c.startsWith("apply") || c.startsWith("delete"))).toEqual([
      "apply wec1/app-1",
    ]);
    expect(r.outs.plan!["app-1"]!.generation).toBe(2);
    expect(r.outs.plan!["app-0"]!.generation).toBe(1);
  });

  it("applies before it deletes when bundles go away", async () => {
    const hub = new FakeHub();
    const first = checked(inputs());
    const { outs } = await createBundle(envFor(hub), first);
    hub.calls = [];
    const fewer = checked(inputs({ workloads: [cm("c", "3")] }), first);
    await updateBundle(envFor(hub), "wec1/app", outs, fewer);
    expect(hub.calls.filter((c) => c.startsWith("apply") || c.startsWith("delete"))).toEqual([
      "apply wec1/app-0",
      "delete wec1/app-1",
    ]);
    expect([...hub.works.keys()]).toEqual(["wec1/app-0"]);
  });

  it("records exactly what exists when an apply fails part way", async () => {
    const hub = new FakeHub();
    hub.failApplyOf = "app-1";
    const err = await createBundle(envFor(hub), checked(inputs())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    const p = err as PartialApplyError;
    expect(p.id).toBe("wec1/app");
    expect(Object.keys(p.properties.plan!)).toEqual(["app-0"]);
    expect(p.reasons).toEqual(["applying ManifestWork wec1/app-1: HTTP 500: boom"]);
    hub.failApplyOf = undefined;
    hub.calls = [];
    const retry = await updateBundle(envFor(hub), "wec1/app", p.properties, checked(inputs()));
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply wec1/app-1"]);
    expect(retry.outs.bundleNames).toEqual(["app-0", "app-1"]);
  });

  it("times out cleanly when the work agent never applies, logging progress", async () => {
    const hub = new FakeHub();
    hub.autoApply = false;
    const logs: string[] = [];
    const err = await createBundle(
      envFor(hub, logs),
      checked(inputs({ options: { maxObjects: 2, waitFor: "Applied", waitTimeoutSeconds: 30 } })),
    ).catch((e: unknown) => e);
    expect((err as PartialApplyError).reasons).toEqual([
      `timed out after 30s waiting for Applied on WEC "wec1": app-0 Applied=Missing, app-1 Applied=Missing; is the WEC's work agent running?`,
    ]);
    expect(Object.keys((err as PartialApplyError).properties.plan!)).toEqual(["app-0", "app-1"]);
    expect(logs).toEqual([
      `waiting for Applied on WEC "wec1": 0/2 bundles after 12s`,
      `waiting for Applied on WEC "wec1": 0/2 bundles after 22s`,
    ]);
  });

  it("refresh shows a deleted or hand-edited bundle as drift, and up repairs it", async () => {
    const hub = new FakeHub();
    const first = checked(inputs());
    const { outs } = await createBundle(envFor(hub), first);
    const unchanged = await readBundle(envFor(hub), "wec1/app", outs);
    expect(unchanged.props.plan).toEqual(outs.plan);
    hub.works.delete("wec1/app-1");
    const edited = hub.works.get("wec1/app-0")!;
    ((edited.spec as any).workload.manifests[1].data as Record<string, string>).value = "hand-edit";
    const refreshed = await readBundle(envFor(hub), "wec1/app", outs);
    expect(Object.keys(refreshed.props.plan!)).toEqual(["app-0"]);
    expect(refreshed.props.plan!["app-0"]!.hash).toMatch(/^drift-[0-9a-f]{16}$/);
    const next = checked(inputs(), refreshed.props);
    expect(diffBundle(refreshed.props, next).changes).toBe(true);
    hub.calls = [];
    await updateBundle(envFor(hub), "wec1/app", refreshed.props, next);
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply wec1/app-0", "apply wec1/app-1"]);
  });

  it("refuses to place an object another owner already places in the mailbox", async () => {
    const hub = new FakeHub();
    await createBundle(envFor(hub), checked(inputs({ owner: "other/stack/x", bundleSetName: "other" })));
    hub.calls = [];
    await expect(createBundle(envFor(hub), checked(inputs()))).rejects.toThrow(
      `conflict: v1 Namespace app is already placed on WEC "wec1" by ManifestWork other-0, which this resource does not own; it would also be placed by app-0. Remove it from one of them.`,
    );
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual([]);
  });

  it("deletes its bundles and tolerates ones already gone", async () => {
    const hub = new FakeHub();
    const { outs } = await createBundle(envFor(hub), checked(inputs()));
    hub.works.delete("wec1/app-0");
    await deleteBundle(envFor(hub), outs);
    expect(hub.works.size).toBe(0);
  });
});
