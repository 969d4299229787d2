import * as pulumi from "@pulumi/pulumi";
import {
  duplicateWecIssues,
  selectClusters,
  workloadBindingArgsSchema,
  BINDING_CLUSTER_DEFAULTS as CLUSTER_DEFAULTS,
  WORKLOAD_BINDING_DEFAULTS as DEFAULTS,
} from "../../src/binding";
import type { InputIssue } from "../../src/kube";
import type { BindingClusterArgs, DeclaredWec, WorkloadBindingArgs } from "../../src/binding";
import { Delivery, pickBundleOptions, refineBundleSetName } from "../../src/transport";
import { dnsLabel, kubeconfigServer, zodIssues } from "../../src/kube";
import { isItsReference, itsArgsIssues } from "../its/its-connection";
import { assertWorkloadShapes, inputPropertiesError } from "../validation";
import type { ManifestWorkBundle } from "../transport/manifest-work-bundle";
import { HubFanOut } from "../transport/hub-fan-out";
import { BindingBundles } from "./binding-bundles";

/** Placeholder for inputs that are Outputs: validated by the provider's `check` instead. */
const DEFERRED = "<resolved later>";

/** The WEC facts of `wecs[i]`, or undefined when it is not a declared WEC component. */
function inventoryOf(wec: unknown): BindingClusterArgs | undefined {
  const inventory = (wec as Partial<DeclaredWec> | undefined)?.inventory;
  return pulumi.Resource.isInstance(wec) && typeof inventory?.name === "string" ? inventory : undefined;
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
  const servers = wecs.map((w) => w.itsApiServer ?? pulumi.output(undefined));
  return pulumi.all([pulumi.output(kubeconfig), ...servers]).apply(([kc, ...wecServers]) => {
    const server = kubeconfigServer(kc as string);
    const issues: InputIssue[] = [];
    wecServers.forEach((s, i) => {
      // An unreadable kubeconfig ("" or undefined) is reported by the provider's `check`.
      if (server !== undefined && s !== undefined && s !== "" && s !== server)
        issues.push({
          path: `wecs[${i}]`,
          reason: `is WEC "${wecs[i]!.inventory.name}", registered on the ITS at ${s}, but this binding delivers on the ITS at ${server}`,
        });
    });
    if (issues.length > 0) throw inputPropertiesError(`WorkloadBinding "${name}"`, issues);
    return kc as string;
  });
}

/** The binding's WECs once its args are valid: the components' facts, in `wecs` order, and the plain ones. */
interface ValidBinding {
  readonly declared: BindingClusterArgs[];
  readonly wecs: readonly DeclaredWec[];
  readonly clusters: readonly BindingClusterArgs[];
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
  const plain = {
    ...rest,
    delivery,
    fanOutNamespace,
    itsKubeconfig: typeof args.itsKubeconfig === "string" ? args.itsKubeconfig : DEFERRED,
    workloads: Array.isArray(args.workloads) ? args.workloads : undefined,
    yaml: args.yaml?.every((y) => typeof y === "string") === true ? args.yaml : undefined,
  };
  const issues: InputIssue[] = itsArgsIssues(its, args.itsKubeconfig, "itsKubeconfig");
  const parsed = workloadBindingArgsSchema.safeParse(plain);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, plain, "", workloadBindingArgsSchema));
  // The name is also the bundle set name of every ManifestWork the binding writes.
  const nameCheck = dnsLabel.superRefine(refineBundleSetName).safeParse(name);
  if (!nameCheck.success) issues.push(...zodIssues(nameCheck.error, name, "name"));
  const facts: (BindingClusterArgs | undefined)[] = [];
  if (!Array.isArray(wecs)) {
    issues.push({ path: "wecs", reason: "must be a list of WorkloadExecutionCluster components" });
  } else {
    wecs.forEach((wec, i) => {
      facts.push(inventoryOf(wec));
      if (facts[i] === undefined) {
        issues.push({
          path: `wecs[${i}]`,
          reason: "must be a WorkloadExecutionCluster component (for plain WEC facts use `clusters`)",
        });
      } else if (isItsReference(its) && wec.its !== undefined && wec.its !== its) {
        issues.push({
          path: `wecs[${i}]`,
          reason: `is WEC "${facts[i].name}" of ITS "${wec.its.resourceName}", but this binding delivers on ITS "${its.resourceName}"`,
        });
      }
    });
  }
  const clusters = Array.isArray(args.clusters) ? args.clusters : DEFAULTS.clusters;
  issues.push(
    ...duplicateWecIssues(
      facts,
      clusters.filter((c): c is BindingClusterArgs => typeof c?.name === "string"),
    ),
  );
  if (issues.length > 0) throw inputPropertiesError(subject, issues);
  return { declared: facts as BindingClusterArgs[], wecs, clusters };
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
  public readonly bundles: Readonly<Record<string, ManifestWorkBundle>>;
  /** Every selected WEC's ManifestWorks, from one resource (`PerWec`; undefined with `HubFanOut`). */
  public readonly bundleSet: BindingBundles | undefined;
  /** The fan-out resource (`HubFanOut`; undefined with `PerWec`). */
  public readonly fanOut: HubFanOut | undefined;

  constructor(name: string, args: WorkloadBindingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { declared, wecs, clusters } = validBindingArgs(name, args);
    super("kubestellar-its:index:WorkloadBinding", name, {}, opts);

    const waitFor = new Map(declared.map((f, i) => [f.name, wecs[i]!]));
    const selected = selectClusters([...declared, ...clusters], args.clusterSelectors);
    // What either delivery's one child holds: the workload once and each selected WEC's facts,
    // and it waits for every selected WEC component (its acceptance makes the mailbox).
    const content = {
      itsKubeconfig: sameHubAs(name, args.its?.kubeconfig ?? args.itsKubeconfig!, wecs),
      setName: name,
      clusters: selected.map((wec) => ({
        name: wec.name,
        labels: wec.labels ?? CLUSTER_DEFAULTS.labels,
        annotations: wec.annotations ?? CLUSTER_DEFAULTS.annotations,
        properties: wec.properties ?? CLUSTER_DEFAULTS.properties,
      })),
      workloads: args.workloads,
      yaml: args.yaml,
      options: { ...pickBundleOptions(args), bindingName: args.bindingName ?? name },
    };
    const components = selected.flatMap((wec) => waitFor.get(wec.name) ?? []);
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
      delivery === Delivery.PerWec ? new BindingBundles(`${name}-bundles`, content, childOpts) : undefined;
    this.bundles = {};
    this.selectedClusters =
      this.fanOut === undefined
        ? pulumi.output(selected.map((wec) => wec.name).sort())
        : this.fanOut.selectedClusters;
    this.registerOutputs({ selectedClusters: this.selectedClusters });
  }
}
