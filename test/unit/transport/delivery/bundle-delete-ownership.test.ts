import { describe, expect, it } from "vitest";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import {
  createBundle,
  deleteBundle,
  updateBundle,
} from "../../../../src/transport/delivery/bundle/bundle-apply";
import { FakeHub } from "../../../support/fake-hub";

const KC = `apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: hub, user: u}}]\ncurrent-context: c\n`;
const cm = (name: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "app" },
  data: {},
});

/** What a KubeStellar transport's plain Update does to a same-named work: its labels replace ours. */
function overwrite(hub: FakeHub, ns: string, name: string) {
  const work = hub.work(ns, name)!;
  (work.metadata as Record<string, unknown>).labels = {
    "transport.kubestellar.io/originOwnerReferenceBindingKey": "shop",
    "transport.kubestellar.io/originWdsName": "wds1",
  };
  hub.put(work);
}

/** The works (`ns/name`) whose delete the hub accepted. */
const deletes = (hub: FakeHub) =>
  hub.writes.filter((w) => w.startsWith("delete ")).map((w) => w.slice("delete ".length));

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
    const hub = new FakeHub({ agent: "Applied" });
    const { outs } = await createBundle(hub.providerEnv(), checked({}));
    expect(hub.workKeys()).toEqual(["wec1/app-0", "wec1/app-1"]);
    overwrite(hub, "wec1", "app-1");
    await deleteBundle(hub.providerEnv(), outs);
    expect(deletes(hub)).toEqual(["wec1/app-0"]);
    expect(hub.workKeys()).toEqual(["wec1/app-1"]);
  });
  it("an update that drops a work leaves it when someone else took it over", async () => {
    const hub = new FakeHub({ agent: "Applied" });
    const { outs } = await createBundle(hub.providerEnv(), checked({}));
    overwrite(hub, "wec1", "app-1");
    const fewer = checked({ workloads: [cm("a")] });
    await updateBundle(hub.providerEnv(), "wec1/app", outs, fewer);
    expect(deletes(hub)).toEqual([]);
    expect(hub.workKeys()).toEqual(["wec1/app-0", "wec1/app-1"]);
  });
});
