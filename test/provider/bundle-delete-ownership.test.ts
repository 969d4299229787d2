import { describe, expect, it } from "vitest";
import type { BundleInputs } from "../../src/transport/delivery/bundle/bundle-inputs";
import { checkBundle } from "../../src/transport/delivery/bundle/bundle-inputs";
import { createBundle, deleteBundle, updateBundle } from "../../src/transport/delivery/bundle/bundle-apply";
import type { ProviderEnv } from "../../src/transport/delivery/shared/work-status";
import type { WorkClient } from "../../src/transport/delivery/shared/work-client";

const KC = `apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: hub, user: u}}]\ncurrent-context: c\n`;
const cm = (name: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "app" },
  data: {},
});

/** Works by `ns/name`; every write counted; works Applied at once. */
class Hub implements WorkClient {
  works = new Map<string, Record<string, unknown>>();
  deletes: string[] = [];
  get(ns: string, name: string) {
    return Promise.resolve(this.works.get(`${ns}/${name}`));
  }
  apply(work: Record<string, unknown>) {
    const meta = work.metadata as { name: string; namespace: string };
    const stored: Record<string, unknown> = {
      ...structuredClone(work),
      status: { conditions: [{ type: "Applied", status: "True", reason: "Done", observedGeneration: 1 }] },
    };
    (stored.metadata as Record<string, unknown>).generation = 1;
    this.works.set(`${meta.namespace}/${meta.name}`, stored);
    return Promise.resolve(stored);
  }
  delete(ns: string, name: string) {
    this.deletes.push(`${ns}/${name}`);
    this.works.delete(`${ns}/${name}`);
    return Promise.resolve();
  }
  list(ns: string) {
    return Promise.resolve(
      [...this.works.entries()].filter(([k]) => k.startsWith(`${ns}/`)).map(([, v]) => v),
    );
  }
  /** What a KubeStellar transport's plain Update does to a same-named work: its labels replace ours. */
  overwrite(ns: string, name: string) {
    const work = this.works.get(`${ns}/${name}`)!;
    (work.metadata as Record<string, unknown>).labels = {
      "transport.kubestellar.io/originOwnerReferenceBindingKey": "shop",
      "transport.kubestellar.io/originWdsName": "wds1",
    };
  }
}

const envFor = (hub: Hub): ProviderEnv => ({
  client: () => hub,
  log: () => undefined,
  sleep: () => Promise.resolve(),
  now: () => 0,
});

function checked(over: Partial<BundleInputs>): BundleInputs {
  const news: BundleInputs = {
    providerVersion: "1",
    owner: "proj/dev/app",
    itsKubeconfig: KC,
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: [cm("a"), cm("b")],
    options: { maxObjects: 1 },
    ...over,
  };
  return checkBundle({}, news).inputs!;
}

describe("a ManifestWork another writer took over is not the bundle's to delete", () => {
  it("delete leaves a work whose owner label is gone and deletes the rest", async () => {
    const hub = new Hub();
    const { outs } = await createBundle(envFor(hub), checked({}));
    expect([...hub.works.keys()].sort()).toEqual(["wec1/app-0", "wec1/app-1"]);
    hub.overwrite("wec1", "app-1");
    await deleteBundle(envFor(hub), outs);
    expect(hub.deletes).toEqual(["wec1/app-0"]);
    expect([...hub.works.keys()]).toEqual(["wec1/app-1"]);
  });
  it("an update that drops a work leaves it when someone else took it over", async () => {
    const hub = new Hub();
    const { outs } = await createBundle(envFor(hub), checked({}));
    hub.overwrite("wec1", "app-1");
    const fewer = checked({ workloads: [cm("a")] });
    await updateBundle(envFor(hub), "wec1/app", outs, fewer);
    expect(hub.deletes).toEqual([]);
    expect([...hub.works.keys()].sort()).toEqual(["wec1/app-0", "wec1/app-1"]);
  });
});
