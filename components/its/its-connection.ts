import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { InputIssue } from "../../src/kube";
import type { ItsReference } from "../../src/kube";

/** True for a provider of the kubernetes package (any copy of the SDK that registers it). */
export function isKubernetesProvider(value: unknown): value is k8s.Provider {
  const p = value as { getPackage?: () => string };
  return (
    pulumi.CustomResource.isInstance(value) &&
    typeof p.getPackage === "function" &&
    p.getPackage() === "kubernetes"
  );
}

/** True for what `its` must be: an `InventoryTransportSpace` or anything shaped like one. */
export function isItsReference(value: unknown): value is ItsReference {
  const its = value as Partial<ItsReference> | undefined;
  return (
    typeof its?.resourceName === "string" &&
    pulumi.Output.isInstance(its.kubeconfig) &&
    isKubernetesProvider(its.provider)
  );
}

/**
 * The Kubernetes provider a component's resource options name for its children: `provider`
 * when it is one, or the kubernetes entry of `providers` (a map or a list). Undefined when the
 * options name none; a provider of another package is not this one's concern.
 */
export function kubernetesProviderOf(
  opts: pulumi.ComponentResourceOptions | undefined,
): k8s.Provider | undefined {
  if (isKubernetesProvider(opts?.provider)) return opts.provider;
  const providers = opts?.providers;
  const list = Array.isArray(providers) ? providers : Object.values(providers ?? {});
  return list.find((p): p is k8s.Provider => isKubernetesProvider(p));
}

/** The package a provider serves, for messages ("aws", "kubernetes"); "" when it is no provider. */
function packageOf(value: unknown): string {
  const p = value as { getPackage?: () => string } | undefined;
  return typeof p?.getPackage === "function" ? p.getPackage() : "";
}

/**
 * The problems of the providers a component's resource options and args name for its hub objects,
 * when they cannot be right: a `provider` of another package (every hub object is a kubernetes
 * resource), or a Kubernetes provider other than the `its` component's own (hub objects go
 * through the ITS's provider; two providers for one cluster would also mean two identities for
 * the same objects). `providers` may hold other packages' providers: they are for other children.
 */
export function providerOptionIssues(
  its: ItsReference | undefined,
  opts: pulumi.ComponentResourceOptions | undefined,
  given: readonly (readonly [string, unknown])[] = [],
): InputIssue[] {
  const issues: InputIssue[] = [];
  const provider = opts?.provider;
  if (provider !== undefined && !isKubernetesProvider(provider)) {
    const pkg = packageOf(provider);
    issues.push({
      path: "opts.provider",
      reason: `is ${pkg === "" ? "not a provider" : `a provider of package "${pkg}"`}, but this component's hub objects are kubernetes resources: give a k8s.Provider (other packages' providers go in \`providers\`)`,
    });
  }
  if (!isItsReference(its)) return issues;
  const named: (readonly [string, unknown])[] = [...given.filter(([, p]) => p !== undefined)];
  const fromOpts = kubernetesProviderOf(opts);
  if (fromOpts !== undefined)
    named.push([isKubernetesProvider(opts?.provider) ? "opts.provider" : "opts.providers", fromOpts]);
  for (const [path, p] of named) {
    if (isKubernetesProvider(p) && p !== its.provider)
      issues.push({
        path,
        reason: `is another Kubernetes provider than ITS "${its.resourceName}"'s, whose provider every hub object goes through: leave it out (a provider for a WEC itself is \`wecProvider\`)`,
      });
  }
  return issues;
}

/** How a component reaches its ITS: the component itself, or a kubeconfig. */
export interface ItsArgs {
  /** The ITS component. */
  readonly its?: ItsReference;
  /** Kubeconfig of the ITS (when no `its` is given). */
  readonly itsKubeconfig?: pulumi.Input<string>;
}

/**
 * The problems of how a component names its ITS: exactly one of `its` and the kubeconfig
 * (`kubeconfigKey`), and `its` shaped like an ITS component.
 */
export function itsArgsIssues(its: unknown, kubeconfig: unknown, kubeconfigKey: string): InputIssue[] {
  if (its === undefined) {
    return kubeconfig === undefined
      ? [{ path: kubeconfigKey, reason: `is required (or pass the InventoryTransportSpace as \`its\`)` }]
      : [];
  }
  if (!isItsReference(its))
    return [
      {
        path: "its",
        reason: "must be an InventoryTransportSpace component (or give `" + kubeconfigKey + "`)",
      },
    ];
  if (kubeconfig !== undefined)
    return [{ path: kubeconfigKey, reason: "must not be given with `its`, whose kubeconfig is used" }];
  return [];
}
