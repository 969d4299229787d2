import * as pulumi from "@pulumi/pulumi";
import {
  bindingClustersSchema,
  duplicateWecIssues,
  noWecSelectedWarning,
  selectClusters,
  workloadBindingArgsSchema,
  BINDING_CLUSTER_DEFAULTS as CLUSTER_DEFAULTS,
  WORKLOAD_BINDING_DEFAULTS as DEFAULTS,
} from "../../src/binding";
import type { InputIssue } from "../../src/kube";
import type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "../../src/binding";
import type { FanOutCluster } from "../../src/transport";
import { Delivery, pickBundleOptions, refineBundleSetName } from "../../src/transport";
import { dnsLabel, kubeconfigServer, labelSelectorSchema, zodIssues } from "../../src/kube";
import type { LabelSelector } from "../../src/kube";
import { z } from "zod";
import { isItsReference, itsArgsIssues } from "../its/its-connection";
import {
  assertWorkloadShapes,
  inputPropertiesError,
  isPlain,
  knownBundleOptions,
  logQuietly,
  noteUnknownAtPreview,
} from "../validation";
import type { ManifestWorkBundle } from "../transport/manifest-work-bundle";
import { HubFanOut } from "../transport/hub-fan-out";
import { BindingBundles } from "./binding-bundles";

/** Placeholder for inputs that are Outputs: validated by the provider's `check` instead. */
const DEFERRED = "<resolved later>";

/**
 * The facts of `wecs[i]`: plain when the program gave them as values, later (an Output) when
 * they come from other resources; undefined when it is not a declared WEC component.
 */
function factsOf(
  wec: unknown,
): { plain?: BindingClusterArgs; later: pulumi.Output<BindingClusterArgs> } | undefined {
  if (!pulumi.Resource.isInstance(wec)) return undefined;
  const w = wec as Partial<DeclaredWec>;
  let plain: BindingClusterArgs | undefined;
  try {
    plain = typeof w.inventory?.name === "string" ? w.inventory : undefined;
  } catch {
    // A WorkloadExecutionCluster whose facts are Outputs has no plain inventory: use `facts`.
    plain = undefined;
  }
  if (plain !== undefined) return { plain, later: pulumi.output(plain) };
  return pulumi.Output.isInstance(w.facts) ? { later: w.facts } : undefined;
}

/**
 * The binding's ITS kubeconfig, once every WEC component in `wecs` is known to be registered on
 * the API server it names: a WEC on another ITS fails the preview (naming both servers) as soon
 * as the URLs are known. WECs given `its` were compared with the binding's `its` before anything
 * registered; this covers WECs and bindings given kubeconfigs.
 */
function sameHubAs(
  name: string,
  kubeconfig: pulumi.Input<string>,
  wecs: readonly DeclaredWec[],
): pulumi.Output<string> {
  const servers = wecs.map((w) =>
    pulumi.all([
      pulumi.output(w.itsApiServer ?? ""),
      factsOf(w)?.later.apply((f) => f.name) ?? pulumi.output(""),
    ]),
  );
  return pulumi.all([pulumi.output(kubeconfig), pulumi.all(servers)]).apply(([kc, wecServers]) => {
    const server = kubeconfigServer(kc);
    const issues: InputIssue[] = [];
    wecServers.forEach(([s, wecName], i) => {
      // An unreadable kubeconfig ("" or undefined) is reported by the provider's `check`.
      if (server !== undefined && s !== "" && s !== server)
        issues.push({
          path: `wecs[${i}]`,
          reason: `is WEC "${wecName}", registered on the ITS at ${s}, but this binding delivers on the ITS at ${server}`,
        });
    });
    if (issues.length > 0) throw inputPropertiesError(`WorkloadBinding "${name}"`, issues);
    return kc;
  });
}

/**
 * Warns on the binding, once the selection is known, when it selects no WEC: the preview then
 * shows the selectors and why each WEC is passed over, before `up` would withdraw the workload.
 */
function warnWhenNoneSelected(
  binding: pulumi.Resource,
  name: string,
  selected: pulumi.Output<FanOutCluster[]>,
  later: readonly pulumi.Output<BindingClusterArgs>[],
  clusters: WorkloadBindingArgs["clusters"],
  selectors: WorkloadBindingArgs["clusterSelectors"],
): void {
  void pulumi
    .all([selected, pulumi.all([...later]), pulumi.output(clusters ?? []), pulumi.output(selectors)])
    .apply(([chosen, declared, plain, known]) => {
      if (chosen.length === 0)
        logQuietly(
          "warn",
          `WorkloadBinding "${name}" ${noWecSelectedWarning(known, [...declared, ...(plain as BindingClusterArgs[])])}`,
          binding,
        );
    });
}

/** The selected WECs with every fact defaulted: what a delivery child holds. */
function selectNow(
  declared: readonly BindingClusterArgs[],
  clusters: readonly BindingClusterArgs[],
  selectors: readonly LabelSelector[],
): FanOutCluster[] {
  return selectClusters([...declared, ...clusters], selectors).map((wec) => ({
    name: wec.name,
    labels: wec.labels ?? CLUSTER_DEFAULTS.labels,
    annotations: wec.annotations ?? CLUSTER_DEFAULTS.annotations,
    properties: wec.properties ?? CLUSTER_DEFAULTS.properties,
  }));
}

/**
 * `selectNow` once the WECs' facts and the selectors are known: a name given twice or a selector
 * that breaks the rules (which only then shows) fails the preview with the message a plain value
 * would have had.
 */
function selectLater(
  name: string,
  later: readonly pulumi.Output<BindingClusterArgs>[],
  clusters: pulumi.Output<BindingClusterArgs[]>,
  selectors: pulumi.Output<LabelSelector[]>,
): pulumi.Output<FanOutCluster[]> {
  return pulumi.all([selectors, pulumi.all([...later]), clusters]).apply(([known, declared, plain]) => {
    const issues: InputIssue[] = [];
    const parsedClusters = bindingClustersSchema.safeParse(plain);
    if (!parsedClusters.success)
      issues.push(...zodIssues(parsedClusters.error, plain, "clusters", bindingClustersSchema));
    else issues.push(...duplicateWecIssues(declared, plain));
    const parsed = z.array(labelSelectorSchema).safeParse(known);
    if (!parsed.success) issues.push(...zodIssues(parsed.error, known, "clusterSelectors"));
    if (issues.length > 0) throw inputPropertiesError(`WorkloadBinding "${name}"`, issues);
    return selectNow(declared, plain, known);
  });
}

/** The binding's WECs once its args are valid: the components' facts, in `wecs` order, and the plain ones. */
interface ValidBinding {
  /** The components' facts as plain values; undefined when any comes from an Output. */
  readonly declared: BindingClusterArgs[] | undefined;
  /** The components' facts, known later (every one, plain ones too). */
  readonly later: pulumi.Output<BindingClusterArgs>[];
  readonly wecs: readonly DeclaredWec[];
  /** `clusters` as plain values; undefined when they come from an Output. */
  readonly clusters: readonly BindingClusterArgs[] | undefined;
}

/**
 * The binding's args checked before anything registers, every problem in one error: the
 * workload shapes, the schema (Outputs deferred to the provider's `check`), the name as a
 * bundle set name, `wecs` as components, and WEC names given twice.
 */
function validBindingArgs(name: string, args: WorkloadBindingArgs): ValidBinding {
  const subject = `WorkloadBinding "${name}"`;
  assertWorkloadShapes(subject, args.workloads);
  const {
    its,
    wecs = DEFAULTS.wecs,
    delivery = DEFAULTS.delivery,
    fanOutNamespace = DEFAULTS.fanOutNamespace,
    ...rest
  } = args;
  // Options from Outputs are judged by the provider's check once known (same rules, same messages).
  const options = knownBundleOptions(args);
  const plain = {
    ...rest,
    ...options.known,
    delivery,
    fanOutNamespace,
    itsKubeconfig: typeof args.itsKubeconfig === "string" ? args.itsKubeconfig : DEFERRED,
    // Selectors and clusters from Outputs are checked once known (selectLater), with the same rules.
    clusterSelectors: isPlain(args.clusterSelectors) ? args.clusterSelectors : [],
    clusters: isPlain(args.clusters) ? args.clusters : undefined,
    allowWithdrawAll: isPlain(args.allowWithdrawAll) ? args.allowWithdrawAll : undefined,
    workloads: Array.isArray(args.workloads) ? args.workloads : undefined,
    yaml: args.yaml?.every((y) => typeof y === "string") === true ? args.yaml : undefined,
  };
  const issues: InputIssue[] = itsArgsIssues(its, args.itsKubeconfig, "itsKubeconfig");
  const parsed = workloadBindingArgsSchema.safeParse(plain);
  if (!parsed.success)
    issues.push(
      ...zodIssues(parsed.error, plain, "", workloadBindingArgsSchema).filter(
        (i) => !options.later.has(i.path.split(/[.[]/)[0] ?? ""),
      ),
    );
  // The name is also the bundle set name of every ManifestWork the binding writes.
  const nameCheck = dnsLabel.superRefine(refineBundleSetName).safeParse(name);
  if (!nameCheck.success) issues.push(...zodIssues(nameCheck.error, name, "name"));
  const facts: (BindingClusterArgs | undefined)[] = [];
  const later: pulumi.Output<BindingClusterArgs>[] = [];
  if (!Array.isArray(wecs)) {
    issues.push({ path: "wecs", reason: "must be a list of WorkloadExecutionCluster components" });
  } else {
    wecs.forEach((wec, i) => {
      const f = factsOf(wec);
      facts.push(f?.plain);
      if (f !== undefined) later.push(f.later);
      if (f === undefined) {
        issues.push({
          path: `wecs[${i}]`,
          reason: "must be a WorkloadExecutionCluster component (for plain WEC facts use `clusters`)",
        });
      } else if (isItsReference(its) && wec.its !== undefined && wec.its !== its) {
        issues.push({
          path: `wecs[${i}]`,
          reason: `is WEC ${facts[i] === undefined ? `wecs[${i}]` : `"${facts[i].name}"`} of ITS "${wec.its.resourceName}", but this binding delivers on ITS "${its.resourceName}"`,
        });
      }
    });
  }
  const clusters = !isPlain(args.clusters)
    ? undefined
    : Array.isArray(args.clusters)
      ? (args.clusters as BindingClusterArgs[])
      : DEFAULTS.clusters;
  issues.push(
    ...duplicateWecIssues(
      facts,
      (clusters ?? []).filter((c): c is BindingClusterArgs => typeof c?.name === "string"),
    ),
  );
  if (issues.length > 0) throw inputPropertiesError(subject, issues);
  const known = facts.every((f) => f !== undefined);
  return { declared: known ? facts : undefined, later, wecs, clusters };
}

/**
 * Places workloads on every WEC whose labels match any of the cluster selectors, like a
 * KubeStellar BindingPolicy, with templates expanded from that WEC's labels, annotations and
 * properties. The WECs come from `wecs` (components of this program: writes wait for their
 * acceptance) and `clusters` (plain facts).
 *
 * With `delivery: PerWec` (the default) the library writes each selected WEC's ManifestWorks
 * from one `BindingBundles` resource (`${name}-bundles`) that holds the workload once; changing
 * one WEC's property rewrites only its ManifestWorks. With `delivery: HubFanOut` it is one
 * `HubFanOut` resource (`${name}-fanout`), and the OCM hub writes the ManifestWorks.
 */
export class WorkloadBinding extends pulumi.ComponentResource {
  /**
   * Names of the selected WECs, sorted: those the selectors pick among `wecs` and `clusters`
   * (`PerWec`), or those the hub's Placements decided at the last `up` or `refresh` (`HubFanOut`).
   */
  public readonly selectedClusters: pulumi.Output<string[]>;
  /**
   * Always empty since 0.3.0: a binding's ManifestWorks come from one resource, `bundleSet` (or
   * `fanOut`), whose `status` is keyed by WEC.
   * @deprecated Use `bundleSet.status` (per WEC) or `fanOut.status`.
   */
  public get bundles(): Readonly<Record<string, ManifestWorkBundle>> {
    if (!this.warnedBundles) {
      this.warnedBundles = true;
      logQuietly(
        "warn",
        "WorkloadBinding.bundles is deprecated and always empty since 0.3.0 (removed in 1.0.0): use bundleSet.status (per WEC) or fanOut.status",
        this,
      );
    }
    return {};
  }
  private warnedBundles = false;
  /** Every selected WEC's ManifestWorks, from one resource (`PerWec`; undefined with `HubFanOut`). */
  public readonly bundleSet: BindingBundles | undefined;
  /** The fan-out resource (`HubFanOut`; undefined with `PerWec`). */
  public readonly fanOut: HubFanOut | undefined;

  constructor(name: string, args: WorkloadBindingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { declared, later, wecs, clusters } = validBindingArgs(name, args);
    super("kubestellar-its:index:WorkloadBinding", name, {}, opts);

    // Selection while the program runs when every WEC's facts are plain; otherwise once the
    // Outputs they come from are known, and the child then waits for every WEC component.
    const selectors = isPlain(args.clusterSelectors) ? (args.clusterSelectors as LabelSelector[]) : undefined;
    const now =
      declared === undefined || selectors === undefined || clusters === undefined
        ? undefined
        : selectNow(declared, clusters, selectors);
    const selected =
      now === undefined
        ? selectLater(
            name,
            later,
            pulumi.output(args.clusters ?? DEFAULTS.clusters) as pulumi.Output<BindingClusterArgs[]>,
            pulumi.output(args.clusterSelectors),
          )
        : pulumi.output(now);
    if (now === undefined)
      noteUnknownAtPreview(
        selected,
        this,
        "the selection of WECs and each WEC's plan (WEC facts, clusters or selectors from Outputs)",
      );
    if ((args.delivery ?? DEFAULTS.delivery) === Delivery.PerWec)
      warnWhenNoneSelected(this, name, selected, later, args.clusters, args.clusterSelectors);
    const byName = new Map((declared ?? []).map((f, i) => [f.name, wecs[i]!]));
    const components = now === undefined ? [...wecs] : now.flatMap((w) => byName.get(w.name) ?? []);
    // What either delivery's one child holds: the workload once and each selected WEC's facts,
    // and it waits for the WEC components (their acceptance makes the mailboxes).
    const content = {
      itsKubeconfig: sameHubAs(name, args.its?.kubeconfig ?? args.itsKubeconfig!, wecs),
      setName: name,
      clusters: selected,
      workloads: args.workloads,
      yaml: args.yaml,
      options: { ...pickBundleOptions(args), bindingName: args.bindingName ?? name },
    };
    // Recorded only when true, so stacks that never set it see no new input.
    const allowWithdrawAll = pulumi
      .output(args.allowWithdrawAll ?? DEFAULTS.allowWithdrawAll)
      .apply((v) => (v === false ? undefined : v));
    noteUnknownAtPreview(
      pulumi.output(content.options),
      this,
      "the bundle options' checks and the ManifestWorks' packing (options from Outputs)",
    );
    const childOpts = { parent: this, ...(components.length === 0 ? {} : { dependsOn: components }) };
    const delivery = args.delivery ?? DEFAULTS.delivery;
    const fanOutNamespace = args.fanOutNamespace ?? DEFAULTS.fanOutNamespace;
    this.fanOut =
      delivery === Delivery.HubFanOut
        ? new HubFanOut(
            `${name}-fanout`,
            { ...content, namespace: fanOutNamespace, clusterSelectors: args.clusterSelectors },
            childOpts,
          )
        : undefined;
    this.bundleSet =
      delivery === Delivery.PerWec
        ? new BindingBundles(`${name}-bundles`, { ...content, allowWithdrawAll }, childOpts)
        : undefined;
    this.selectedClusters =
      this.fanOut === undefined
        ? selected.apply((s) => s.map((wec) => wec.name).sort())
        : this.fanOut.selectedClusters;
    this.registerOutputs({ selectedClusters: this.selectedClusters });
  }
}
