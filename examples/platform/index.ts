// An ITS on an existing OCM hub, two WECs registered through it, and a workload bound to both.
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import {
  ClusterManager,
  InventoryTransportSpace,
  WorkloadBinding,
  WorkloadExecutionCluster,
} from "kubestellar-its";

const cfg = new pulumi.Config();
// WEC name → the user its agent's bootstrap credential authenticates as (`kubectl auth whoami`).
const joinIdentities = cfg.getObject<Record<string, string>>("joinIdentities") ?? {};

// The hub is already an OCM hub (installer "none" only checks its CRDs).
const its = new InventoryTransportSpace("its1", {
  type: "external",
  kubeconfig: cfg.requireSecret("hubKubeconfig"),
});
// Components take the ITS itself: its kubeconfig and its one Kubernetes provider go together.
const hub = new ClusterManager("its1-hub", { its, installer: "none" });

// One WEC component per cluster, all through the ITS's one Kubernetes provider.
const wecs = [
  { name: "wec1", region: "us-east-1" },
  { name: "wec2", region: "us-west-2" },
].map(
  (w) =>
    new WorkloadExecutionCluster(
      w.name,
      {
        its,
        labels: { "location-group": "edge" },
        properties: { region: w.region },
        // The user each WEC's registration agent joins with: only its CSRs are approved.
        joinIdentity: joinIdentities[w.name],
      },
      { dependsOn: [hub] },
    ),
);

// The binding takes the WEC components: their labels select, their properties fill the
// templates, and each ManifestWork waits for its WEC's acceptance.
// Pulumi runs the program in the project directory: relative paths work in CJS and ESM alike.
const app = new WorkloadBinding("app", {
  its,
  wecs,
  clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
  yaml: [readFileSync("workloads/app.yaml", "utf8")],
  waitFor: "Applied",
});

export const selected = app.selectedClusters;
export const joined = pulumi.all(wecs.map((w) => pulumi.all([w.clusterName, w.joined])));
export const manifestWorks = app.bundleSet!.status.apply((byWec) =>
  Object.entries(byWec).map(([wec, status]) => ({ wec, names: Object.keys(status), status })),
);
