import { describe, expect, it } from "vitest";
import { checkBundle } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import type { BundleInputs } from "../../../../src/transport/delivery/bundle/bundle-inputs";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import { checkFanOut } from "../../../../src/transport/delivery/fanout/fanout-inputs";

const KC = `apiVersion: v1\nkind: Config\nclusters: [{name: hub, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: hub, user: u}}]\ncurrent-context: c\n`;

function inputs(over: Partial<BundleInputs>): BundleInputs {
  return {
    providerVersion: "1",
    owner: "p/s/app",
    itsKubeconfig: KC,
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok", namespace: "app" } }],
    ...over,
  };
}

const properties = (r: ReturnType<typeof checkBundle>) =>
  (r.failures ?? []).map((f) => f.reason.split(":")[0]);

describe("ManifestWorkBundle's check reports every problem at once", () => {
  it("a bad option, a bad WEC name and a bad kubeconfig together", () => {
    const r = checkBundle(
      {},
      inputs({
        clusterName: "Bad_WEC",
        itsKubeconfig: "not a kubeconfig",
        options: { maxObjects: -1 },
      }),
    );
    expect(r.inputs).toBeUndefined();
    expect(properties(r).sort()).toEqual(["clusterName", "itsKubeconfig", "options.maxObjects"]);
  });

  it("a bad option and a bad object together: the object is still judged", () => {
    const r = checkBundle(
      {},
      inputs({
        options: { maxObjects: 0 },
        workloads: [
          { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad Name", namespace: "app" } },
        ],
      }),
    );
    expect(properties(r)).toEqual(["options.maxObjects", "workloads[0].metadata.name"]);
  });

  it("with nothing wrong, plans", () => {
    expect(checkBundle({}, inputs({})).failures).toBeUndefined();
  });
});

const badObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad Name", namespace: "app" } };
const failed = (r: { failures?: { reason: string }[] }) =>
  (r.failures ?? []).map((f) => f.reason.split(":")[0]);

describe("BindingBundles' and HubFanOut's checks report every problem at once", () => {
  it("a bad option and a bad object together, for a binding", () => {
    const r = checkBinding(
      {},
      {
        providerVersion: "1",
        owner: "p/s/app",
        legacyOwnerPrefix: "p/s/app-",
        itsKubeconfig: KC,
        setName: "app",
        clusters: [{ name: "wec1" }, { name: "wec2" }],
        workloads: [badObject],
        options: { maxObjects: 0 },
      },
    );
    expect(failed(r)).toEqual(["options.maxObjects", "workloads[0].metadata.name"]);
  });

  it("a bad option and a bad object together, for a fan-out", () => {
    const r = checkFanOut(
      {},
      {
        providerVersion: "1",
        owner: "p/s/app",
        itsKubeconfig: KC,
        setName: "app",
        namespace: "fanout",
        clusterSelectors: [{}],
        clusters: [{ name: "wec1" }],
        workloads: [badObject],
        options: { maxObjects: 0 },
      },
    );
    expect(failed(r)).toEqual(["options.maxObjects", "workloads[0].metadata.name"]);
  });
});
