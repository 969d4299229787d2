/**
 * The config-driven root program (`Pulumi.yaml`): ITSes, WECs, workload sets and bindings come
 * from stack config, so a GitOps repository needs no TypeScript. See README "The program".
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { InputValidationError } from "../../src/kube";
import type { InputIssue } from "../../src/kube";
import type { BundleStatusSummary } from "../../src/transport";
import {
  expandPath,
  findProjectRoot,
  kubeconfigFileIssues,
  overlappingBindingIssues,
  parseStackConfig,
  PathExpansionError,
  PROGRAM_DEFAULTS,
  sharedHubIssues,
  workloadFileObjects,
} from "../../src/program";
import type { ConfigFile, ProgramConfig } from "../../src/program";
import { ClusterManager } from "../hub/cluster-manager";
import { InventoryTransportSpace } from "../its/inventory-transport-space";
import { WorkloadBinding } from "../binding/workload-binding";
import { WorkloadExecutionCluster } from "../wec/workload-execution-cluster";

const NAMESPACE = "kubestellar-its";

/** Config errors print as their message (each bad key and value); a stack trace would bury it. */
function fail(issues: readonly InputIssue[]): never {
  throw new pulumi.RunError(new InputValidationError("stack configuration", issues).message);
}

let config: ProgramConfig;
try {
  config = parseStackConfig(NAMESPACE, pulumi.runtime.allConfig());
} catch (e) {
  if (e instanceof InputValidationError) fail(e.issues);
  throw e;
}

// Relative paths in stack config are relative to the project (where Pulumi.yaml is), not to the
// compiled program the engine runs from. Every file is read before anything is declared, and
// every problem is reported at once, by config path.
const projectDir = findProjectRoot(__dirname);
const fileIssues: InputIssue[] = [];
function readConfigFile(configPath: string, file: string): string {
  try {
    return readFileSync(expandPath(file, projectDir, process.env), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      e instanceof PathExpansionError
        ? e.message
        : `cannot read ${JSON.stringify(file)}${code === undefined ? "" : ` (${code})`}`;
    fileIssues.push({ path: configPath, reason });
    return "";
  }
}
/** A file stack config names, read (its text "" when unreadable: the problem is recorded). */
function configFile(configPath: string, file: string | undefined): ConfigFile | undefined {
  return file === undefined ? undefined : { configPath, file, text: readConfigFile(configPath, file) };
}
const itsConfigFiles = config.itses.map((its, i) => ({
  kubeconfig: configFile(`itses[${i}].kubeconfigFile`, its.kubeconfigFile),
  hostingKubeconfig: configFile(`itses[${i}].hostingKubeconfigFile`, its.hostingKubeconfigFile),
}));
const wecConfigFiles = config.wecs.map((wec, i) =>
  configFile(`wecs[${i}].wecKubeconfigFile`, wec.wecKubeconfigFile),
);
const workloadFiles = new Map(
  config.workloads.map((w, i) => [
    w.name,
    (w.files ?? []).map((f, j) => configFile(`workloads[${i}].files[${j}]`, f)!),
  ]),
);
if (fileIssues.length > 0) fail(fileIssues);
// What the files hold, checked before anything is declared: every problem by config path and file.
const kubeconfigs = [
  ...itsConfigFiles.flatMap((f) => [f.kubeconfig, f.hostingKubeconfig]),
  ...wecConfigFiles,
].filter((f): f is ConfigFile => f !== undefined);
fileIssues.push(...kubeconfigFileIssues(kubeconfigs));
// The hub of an external ITS is its kubeconfig's server; of a host ITS, the hosting cluster's.
fileIssues.push(
  ...sharedHubIssues(
    config.itses.map((its, i) =>
      (its.type ?? PROGRAM_DEFAULTS.itsType) === "vcluster"
        ? undefined
        : (itsConfigFiles[i]!.kubeconfig ?? itsConfigFiles[i]!.hostingKubeconfig),
    ),
  ),
);
const objectsByWorkload = new Map(
  [...workloadFiles].map(([name, files]) => [name, files.flatMap((f) => workloadFileObjects(f, fileIssues))]),
);
fileIssues.push(...overlappingBindingIssues(config, objectsByWorkload));
if (fileIssues.length > 0) fail(fileIssues);
const itsFiles = itsConfigFiles.map((f) => ({
  kubeconfig: f.kubeconfig?.text,
  hostingKubeconfig: f.hostingKubeconfig?.text,
}));
const wecFiles = wecConfigFiles.map((f) => f?.text);
const workloadYaml = new Map([...workloadFiles].map(([name, files]) => [name, files.map((f) => f.text)]));
const secret = (text: string | undefined) => (text === undefined ? undefined : pulumi.secret(text));

const spaces = new Map<string, { space: InventoryTransportSpace; hub: ClusterManager }>();
config.itses.forEach((its, i) => {
  const type = its.type ?? PROGRAM_DEFAULTS.itsType;
  const space = new InventoryTransportSpace(its.name, {
    type,
    kubeconfig: secret(itsFiles[i]!.kubeconfig),
    hostingKubeconfig: secret(itsFiles[i]!.hostingKubeconfig),
  });
  const hub = new ClusterManager(`${its.name}-hub`, {
    kubeconfig: space.kubeconfig,
    installer: its.clusterManagerInstaller ?? PROGRAM_DEFAULTS.clusterManagerInstaller,
  });
  spaces.set(its.name, { space, hub });
});

const wecs = config.wecs.map((wec, i) => {
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
        joinIdentity: wec.joinIdentity,
        csrApproval: wec.csrApproval,
        klusterletOperator: wec.klusterletOperator,
        wecKubeconfig: secret(wecFiles[i]),
      },
      { dependsOn: [hub] },
    ),
  };
});

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
export const placements = pulumi
  .all(
    bindings.map((b) =>
      (
        b.component.bundleSet?.status ??
        pulumi.output({} as Record<string, Record<string, BundleStatusSummary>>)
      ).apply((byWec) =>
        Object.entries(byWec).map(([wec, status]) => ({
          binding: b.name,
          wec,
          manifestWorks: Object.keys(status),
          status,
        })),
      ),
    ),
  )
  .apply((lists) => lists.flat());
