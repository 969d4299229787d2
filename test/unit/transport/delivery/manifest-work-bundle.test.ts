import { describe, expect, it } from "vitest";
import type { BundleInputs, BundleOutputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkBundle, diffBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { OWNER_LABEL } from "../../../../src/kube";
import {
  createBundle,
  deleteBundle,
  PartialApplyError,
  readBundle,
  updateBundle,
} from "../../../../src/transport/delivery/bundle/bundle-apply";
import { shortHash } from "../../../../src/kube/names";
import { FakeHub } from "../../../support/fake-hub";

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

/** A hub whose work agent applies every work at once, as a healthy WEC's does. */
const healthyHub = () => new FakeHub({ agent: "Applied" });

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
    // Every problem at once: the unreadable YAML and the object without a name.
    expect(r.failures).toEqual([
      {
        property: "yaml",
        reason: expect.stringMatching(/^yaml\[0\]: kubectl cannot read yaml\[0\] document 1: /),
      },
      {
        property: "workloads",
        reason: "workloads[0].metadata.name: v1 ConfigMap <no name>: metadata.name is required",
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
    const hub = healthyHub();
    const { id, outs } = await createBundle(
      hub.providerEnv(),
      checked(inputs({ options: { maxObjects: 2, waitFor: "Applied" } })),
    );
    expect(id).toBe("wec1/app");
    expect(hub.calls.filter((c) => !c.startsWith("get"))).toEqual([
      "list wec1",
      "apply wec1/app-0",
      "apply wec1/app-1",
    ]);
    expect(
      (hub.work("wec1", "app-0")!.metadata as { labels: Record<string, string> }).labels[OWNER_LABEL],
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
    const hub = healthyHub();
    const first = checked(inputs());
    const { outs } = await createBundle(hub.providerEnv(), first);
    hub.reset();
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
    const r = await updateBundle(hub.providerEnv(), "wec1/app", outs, edited);
    expect(hub.calls.filter((c) => c.startsWith("apply") || c.startsWith("delete"))).toEqual([
      "apply wec1/app-1",
    ]);
    expect(r.outs.plan!["app-1"]!.generation).toBe(2);
    expect(r.outs.plan!["app-0"]!.generation).toBe(1);
  });

  it("applies before it deletes when bundles go away", async () => {
    const hub = healthyHub();
    const first = checked(inputs());
    const { outs } = await createBundle(hub.providerEnv(), first);
    hub.reset();
    const fewer = checked(inputs({ workloads: [cm("c", "3")] }), first);
    await updateBundle(hub.providerEnv(), "wec1/app", outs, fewer);
    expect(hub.calls.filter((c) => c.startsWith("apply") || c.startsWith("delete"))).toEqual([
      "apply wec1/app-0",
      "delete wec1/app-1",
    ]);
    expect(hub.workKeys()).toEqual(["wec1/app-0"]);
  });

  it("records exactly what exists when an apply fails part way", async () => {
    const hub = healthyHub();
    hub.fail(
      "apply",
      { name: "app-1" },
      (r) => new Error(`applying ManifestWork ${r.namespace}/${r.name}: HTTP 500: boom`),
    );
    const err = await createBundle(hub.providerEnv(), checked(inputs())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialApplyError);
    const p = err as PartialApplyError;
    expect(p.id).toBe("wec1/app");
    expect(Object.keys(p.properties.plan!)).toEqual(["app-0"]);
    expect(p.reasons).toEqual(["applying ManifestWork wec1/app-1: HTTP 500: boom"]);
    hub.clearFaults();
    hub.reset();
    const retry = await updateBundle(hub.providerEnv(), "wec1/app", p.properties, checked(inputs()));
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply wec1/app-1"]);
    expect(retry.outs.bundleNames).toEqual(["app-0", "app-1"]);
  });

  it("times out cleanly when the work agent never applies, logging progress", async () => {
    const hub = new FakeHub({ agent: "none" });
    const env = hub.providerEnv();
    const err = await createBundle(
      env,
      checked(inputs({ options: { maxObjects: 2, waitFor: "Applied", waitTimeoutSeconds: 30 } })),
    ).catch((e: unknown) => e);
    expect((err as PartialApplyError).reasons).toEqual([
      `timed out after 30s waiting for Applied on WEC "wec1": app-0 Applied=Missing, app-1 Applied=Missing; is the WEC's work agent running?`,
    ]);
    expect(Object.keys((err as PartialApplyError).properties.plan!)).toEqual(["app-0", "app-1"]);
    expect(env.logs).toEqual([
      `waiting for Applied on WEC "wec1": 0/2 bundles after 12s`,
      `waiting for Applied on WEC "wec1": 0/2 bundles after 22s`,
    ]);
  });

  it("a wait survives status reads the hub cannot answer (reset, restart): it goes on to Applied", async () => {
    const hub = new FakeHub({ agent: "Applied" });
    const env = hub.providerEnv();
    // The hub drops every status read for 6 s of the wait (a restart), then answers again.
    let reads = 0;
    hub.beforeGet = () => {
      reads++;
      if (reads === 1)
        hub.fail("get", {}, Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
      if (env.now() >= 6_000) hub.clearFaults();
    };
    const { outs } = await createBundle(
      env,
      checked(inputs({ options: { maxObjects: 2, waitFor: "Applied", waitTimeoutSeconds: 60 } })),
    );
    expect(outs.status["app-0"]!.applied).toBe(true);
    expect(reads).toBeGreaterThan(3);
    // A read that is refused for good (403) still ends the wait at once.
    const denied = new FakeHub({ agent: "none" });
    denied.beforeGet = () => denied.fail("get", {}, Object.assign(new Error("forbidden"), { code: 403 }));
    await expect(
      createBundle(
        denied.providerEnv(),
        checked(inputs({ options: { waitFor: "Applied", waitTimeoutSeconds: 60 } })),
      ),
    ).rejects.toThrow(/forbidden/);
  });

  it("refresh shows a deleted or hand-edited bundle as drift, and up repairs it", async () => {
    const hub = healthyHub();
    const first = checked(inputs());
    const { outs } = await createBundle(hub.providerEnv(), first);
    const unchanged = await readBundle(hub.providerEnv(), "wec1/app", outs);
    expect(unchanged.props.plan).toEqual(outs.plan);
    hub.removeWork("wec1", "app-1");
    const edited = hub.work("wec1", "app-0")!;
    ((edited.spec as any).workload.manifests[1].data as Record<string, string>).value = "hand-edit";
    hub.put(edited);
    const refreshed = await readBundle(hub.providerEnv(), "wec1/app", outs);
    expect(Object.keys(refreshed.props.plan!)).toEqual(["app-0"]);
    expect(refreshed.props.plan!["app-0"]!.hash).toMatch(/^drift-[0-9a-f]{16}$/);
    const next = checked(inputs(), refreshed.props);
    expect(diffBundle(refreshed.props, next).changes).toBe(true);
    hub.reset();
    await updateBundle(hub.providerEnv(), "wec1/app", refreshed.props, next);
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply wec1/app-0", "apply wec1/app-1"]);
  });

  it("refuses to place an object another owner already places in the mailbox", async () => {
    const hub = healthyHub();
    await createBundle(
      hub.providerEnv(),
      checked(inputs({ owner: "other/stack/x", bundleSetName: "other" })),
    );
    hub.reset();
    await expect(createBundle(hub.providerEnv(), checked(inputs()))).rejects.toThrow(
      `conflict: v1 Namespace app is already placed on WEC "wec1" by ManifestWork other-0, which this resource does not own; it would also be placed by app-0. Remove it from one of them.`,
    );
    expect(hub.calls.filter((c) => c.startsWith("apply"))).toEqual([]);
  });

  it("deletes its bundles and tolerates ones already gone", async () => {
    const hub = healthyHub();
    const { outs } = await createBundle(hub.providerEnv(), checked(inputs()));
    hub.removeWork("wec1", "app-0");
    await deleteBundle(hub.providerEnv(), outs);
    expect(hub.workKeys().length).toBe(0);
  });
});
