/**
 * What the multi-language package (`pulumi-resource-kubestellar-its`, README "Other languages")
 * offers of the TypeScript components: the one place that says which components other languages
 * construct, which of their inputs and members only a TypeScript program can use (and why), and
 * which are secrets. The schema (`provider/schema.json`) is generated from the components' Args and
 * classes with this table, and a test fails when a property is in neither.
 */

/** The Pulumi package name of every type token (`kubestellar-its:index:<Class>`). */
export const PACKAGE_NAME = "kubestellar-its";

/** The type token of a class of this package. */
export function typeToken(className: string): string {
  return `${PACKAGE_NAME}:index:${className}`;
}

/** One component as other languages see it. */
export interface ExposedComponent {
  /** The TypeScript class (and the last part of its type token). */
  readonly className: string;
  /** The Args interface its constructor takes. */
  readonly argsName: string;
  /** Args properties only a TypeScript program can give, with what other languages give instead. */
  readonly typeScriptOnlyInputs: Readonly<Record<string, string>>;
  /** Public members that are not outputs in other languages (objects, not values), with why. */
  readonly typeScriptOnlyMembers: Readonly<Record<string, string>>;
  /** Inputs that are secrets (kubeconfigs, tokens). */
  readonly secretInputs: readonly string[];
  /** Outputs that are secrets. */
  readonly secretOutputs: readonly string[];
}

const K8S_PROVIDER_ONLY =
  "a Kubernetes provider object; other languages give the kubeconfig, and the component opens one provider of its own";
const ITS_NAME_ONLY = "the Pulumi resource name, which the program already has";
const CHILD_OBJECT = "a child resource object; its values are outputs of the child";

/** The components other languages construct, in the order the schema lists them. */
export const EXPOSED_COMPONENTS: readonly ExposedComponent[] = [
  {
    className: "InventoryTransportSpace",
    argsName: "InventoryTransportSpaceArgs",
    typeScriptOnlyInputs: {},
    typeScriptOnlyMembers: {
      resourceName: ITS_NAME_ONLY,
      provider: "the ITS's Kubernetes provider object; other languages use the `kubeconfig` output",
    },
    secretInputs: ["hostingKubeconfig", "kubeconfig", "inClusterKubeconfig"],
    secretOutputs: ["kubeconfig"],
  },
  {
    className: "ClusterManager",
    argsName: "ClusterManagerArgs",
    typeScriptOnlyInputs: {},
    typeScriptOnlyMembers: {
      provider: "the hub's Kubernetes provider object; other languages use the ITS's `kubeconfig` output",
    },
    secretInputs: ["kubeconfig"],
    secretOutputs: [],
  },
  {
    className: "WorkloadExecutionCluster",
    argsName: "WorkloadExecutionClusterArgs",
    typeScriptOnlyInputs: { itsProvider: K8S_PROVIDER_ONLY, wecProvider: K8S_PROVIDER_ONLY },
    typeScriptOnlyMembers: {
      itsProvider: K8S_PROVIDER_ONLY,
      wecProvider: K8S_PROVIDER_ONLY,
      its: "the ITS component object given as `its`, which the program already has",
      inventory: "plain values read while a TypeScript program runs; other languages read `facts`",
    },
    secretInputs: ["itsKubeconfig", "wecKubeconfig", "bootstrapToken"],
    secretOutputs: [],
  },
  {
    className: "WorkloadBinding",
    argsName: "WorkloadBindingArgs",
    typeScriptOnlyInputs: {},
    typeScriptOnlyMembers: {
      bundles: CHILD_OBJECT,
      bundleSet: CHILD_OBJECT,
      fanOut: CHILD_OBJECT,
    },
    secretInputs: ["itsKubeconfig"],
    secretOutputs: [],
  },
];

/**
 * TypeScript types that stand for a component of this package: other languages pass the
 * component resource itself (a resource reference), as the TypeScript program passes the object.
 */
export const RESOURCE_REFERENCES: Readonly<Record<string, string>> = {
  ItsReference: "InventoryTransportSpace",
  InventoryTransportSpace: "InventoryTransportSpace",
  DeclaredWec: "WorkloadExecutionCluster",
  WorkloadExecutionCluster: "WorkloadExecutionCluster",
};
