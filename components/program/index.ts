/**
 * The config-driven root program (`Pulumi.yaml`): ITSes, WECs, workload sets and bindings come
 * from stack config, so a GitOps repository needs no TypeScript. See README "The program".
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { InputValidationError } from "../../src/errors";
import { parseProgramConfig } from "../../src/program/config";
import type { ProgramConfig } from "../../src/program/config";
import { expandPath, findProjectRoot } from "../../src/program/paths";
import { ClusterManager } from "../cluster-manager";
import { InventoryTransportSpace } from "../inventory-transport-space";
import { WorkloadBinding } from "../workload-binding";
import { WorkloadExecutionCluster } from "../workload-execution-cluster";

const cfg = new pulumi.Config("kubestellar-its");
let config: ProgramConfig;
try {
  config = parseProgramConfig({
    itses: cfg.getObject("itses"),
    wecs: cfg.getObject("wecs"),
    workloads: cfg.getObject("workloads"),
    bindings: cfg.getObject("bindings"),
  });
} catch (e) {
  // The message names each bad key and value; a stack trace would only bury it.
  if (e instanceof InputValidationError) throw new pulumi.RunError(e.message);
  throw e;
}
// Relative paths in stack config are relative to the project (where Pulumi.yaml is), not to the
// compiled program the engine runs from.
const projectDir = findProjectRoot(__dirname);
const path = (p: string) => expandPath(p, projectDir, process.env);
const secretFile = (p: string) => pulumi.secret(readFileSync(path(p), "utf8"));

const spaces = new Map<string, { space: InventoryTransportSpace; hub: ClusterManager }>();
for (const its of config.itses) {
  const type = its.type ?? "external";
  const space = new InventoryTransportSpace(its.name, {
    type,
    kubeconfig: its.kubeconfigFile === undefined ? undefined : secretFile(its.kubeconfigFile),
    hostingKubeconfig:
      its.hostingKubeconfigFile === undefined ? undefined : secretFile(its.hostingKubeconfigFile),
  });
  const hub = new ClusterManager(`${its.name}-hub`, {
    kubeconfig: space.kubeconfig,
    installer: its.clusterManagerInstaller ?? "none",
  });
  spaces.set(its.name, { space, hub });
}

const wecs = config.wecs.map((wec) => {
  const { space, hub } = spaces.get(wec.its)!;
  return {
    config: wec,
    component: new WorkloadExecutionCluster(
      wec.name,
      {
        itsKubeconfig: space.kubeconfig,
        clusterName: wec.name,
        labels: wec.labels,
        annotations: wec.annotations,
        properties: wec.properties,
        accept: wec.accept,
        join: wec.join,
        wecKubeconfig: wec.wecKubeconfigFile === undefined ? undefined : secretFile(wec.wecKubeconfigFile),
      },
      { dependsOn: [hub] },
    ),
  };
});

const workloadYaml = new Map(
  config.workloads.map((w) => [w.name, (w.files ?? []).map((f) => readFileSync(path(f), "utf8"))]),
);

const bindings = config.bindings.map((b) => {
  const { name, its, workloads, clusterSelectors, ...options } = b;
  const candidates = wecs.filter((w) => w.config.its === its);
  const component = new WorkloadBinding(
    name,
    {
      ...options,
      itsKubeconfig: spaces.get(its)!.space.kubeconfig,
      clusterSelectors,
      wecs: candidates.map((w) => w.component),
      yaml: workloads.flatMap((w) => workloadYaml.get(w) ?? []),
    },
    { dependsOn: candidates.map((w) => w.component) },
  );
  return { name, component };
});

/** The WEC inventory: per WEC its ITS, mailbox namespace, labels and whether it was accepted. */
export const inventory = pulumi.all(
  wecs.map((w) =>
    pulumi
      .all([w.component.mailboxNamespace, w.component.labels, w.component.accepted])
      .apply(([mailbox, labels, accepted]) => ({
        wec: w.config.name,
        its: w.config.its,
        mailbox,
        labels,
        accepted,
      })),
  ),
);

/** Per binding and WEC: the ManifestWorks and each one's Applied/Available status. */
export const placements = pulumi.all(
  bindings.flatMap((b) =>
    Object.entries(b.component.bundles).map(([wec, bundle]) =>
      pulumi
        .all([bundle.bundleNames, bundle.status])
        .apply(([manifestWorks, status]) => ({ binding: b.name, wec, manifestWorks, status })),
    ),
  ),
);
