// A user's program as the README shows it, run under Pulumi's mocks against whatever SDK versions
// the consumer check installed: the library's components must register through the program's
// one copy of each SDK.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "node:assert/strict";

const registered: { type: string; name: string; provider?: string }[] = [];

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, provider: args.provider });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "consumer",
    "check",
    false,
  );
  // Imported after the mocks are installed, as Pulumi's testing guide does.
  const its = await import("kubestellar-its");
  const hubKubeconfig = [
    "apiVersion: v1",
    "kind: Config",
    "clusters: [{name: hub, cluster: {server: 'https://hub.example:6443'}}]",
    "users: [{name: u, user: {token: t}}]",
    "contexts: [{name: hub, context: {cluster: hub, user: u}}]",
    "current-context: hub",
  ].join("\n");

  const space = new its.InventoryTransportSpace("its1", {
    type: "external",
    kubeconfig: pulumi.secret(hubKubeconfig),
  });
  const wecs = ["wec1", "wec2"].map(
    (name) =>
      new its.WorkloadExecutionCluster(name, {
        itsKubeconfig: space.kubeconfig,
        itsProvider: space.provider,
        labels: { "location-group": "edge" },
        properties: { region: name === "wec1" ? "us-east-1" : "us-west-2" },
      }),
  );
  const binding = new its.WorkloadBinding("app", {
    itsKubeconfig: space.kubeconfig,
    wecs,
    clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
    workloads: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "default" } }],
  });

  // The provider the library created is an instance of the program's own SDK class.
  assert.ok(space.provider instanceof k8s.Provider, "its.provider instanceof k8s.Provider");
  await new Promise<void>((resolve) => binding.urn.apply(() => resolve()));
  await new Promise((r) => setTimeout(r, 200));
  const providers = registered.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.name);
  assert.deepEqual(providers, ["its1-its-k8s"], "one Kubernetes provider for the ITS");
  assert.deepEqual(await new Promise((r) => binding.selectedClusters.apply(r)), ["wec1", "wec2"]);
  assert.ok(binding.bundleSet !== undefined, "one BindingBundles resource for the selected WECs");

  // Internals stay behind the exports map.
  assert.throws(
    () => require("kubestellar-its/bin/src/transport/plan"),
    (e: NodeJS.ErrnoException) => e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED",
  );
  console.log(
    `[consumer] registered ${registered.length} resources; one ITS provider; internals not exported`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
