import * as pulumi from "@pulumi/pulumi";
import { selectClusters } from "../src/binding";
import type { WorkloadBindingArgs } from "../src/schemas/binding";
import { pickBundleOptions } from "../src/schemas/bundle";
import { workloadBindingArgsSchema } from "../src/schemas/binding";
import { dnsLabel, zodIssues } from "../src/schemas/common";
import { inputPropertiesError } from "../src/validation";
import { ManifestWorkBundle } from "./manifest-work-bundle";

/** Placeholder for inputs that are Outputs: validated by the provider's `check` instead. */
const DEFERRED = "<resolved later>";

/**
 * Places workloads on every declared WEC whose labels match any of the cluster selectors, like a
 * KubeStellar BindingPolicy, as one `ManifestWorkBundle` per selected WEC (`${name}-<wec>`),
 * with templates expanded from that WEC's labels, annotations and properties. Adding a matching
 * WEC adds exactly one bundle resource; changing one WEC's property rewrites only its bundles.
 */
export class WorkloadBinding extends pulumi.ComponentResource {
  /** Names of the selected WECs, sorted. */
  public readonly selectedClusters: pulumi.Output<string[]>;
  /** The bundle resource per selected WEC. */
  public readonly bundles: Readonly<Record<string, ManifestWorkBundle>>;

  constructor(name: string, args: WorkloadBindingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kubestellar-its:index:WorkloadBinding", name, {}, opts);
    const plain = {
      ...args,
      itsKubeconfig: typeof args.itsKubeconfig === "string" ? args.itsKubeconfig : DEFERRED,
      workloads: Array.isArray(args.workloads) ? args.workloads : undefined,
      yaml: args.yaml?.every((y) => typeof y === "string") === true ? args.yaml : undefined,
    };
    const issues = [];
    const parsed = workloadBindingArgsSchema.safeParse(plain);
    if (!parsed.success) issues.push(...zodIssues(parsed.error, plain));
    const nameCheck = dnsLabel.safeParse(name);
    if (!nameCheck.success) issues.push(...zodIssues(nameCheck.error, name, "name"));
    if (issues.length > 0) {
      throw inputPropertiesError(`WorkloadBinding "${name}"`, issues);
    }
    const bundles: Record<string, ManifestWorkBundle> = {};
    for (const wec of selectClusters(args.clusters, args.clusterSelectors)) {
      bundles[wec.name] = new ManifestWorkBundle(
        `${name}-${wec.name}`,
        {
          itsKubeconfig: args.itsKubeconfig,
          clusterName: wec.name,
          bundleSetName: name,
          workloads: args.workloads,
          yaml: args.yaml,
          clusterLabels: wec.labels ?? {},
          clusterAnnotations: wec.annotations ?? {},
          properties: wec.properties ?? {},
          ...pickBundleOptions(args),
          bindingName: args.bindingName ?? name,
        },
        { parent: this },
      );
    }
    this.bundles = bundles;
    this.selectedClusters = pulumi.output(Object.keys(bundles));
    this.registerOutputs({ selectedClusters: this.selectedClusters });
  }
}
