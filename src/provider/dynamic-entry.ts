/**
 * What every deserialized dynamic provider of this library loads, by module path at call time
 * (see components/dynamic-provider.ts), so its dependencies resolve from the library's own
 * install. State records this module's path (`bin/src/provider/dynamic-entry`), so it stays here;
 * each provider lives in its domain.
 */
import { bootstrapTokenProvider, hubCheckProvider } from "../hub";
import { bootstrapHandoffProvider } from "../its";
import { bindingProvider, bundleProvider, fanOutProvider } from "../transport";
import { clusterAcceptanceProvider, klusterletOperatorProvider } from "../wec";

/** The bundle provider under the name releases before 0.2.0 recorded in state. */
export { bundleProvider };

/** Every dynamic provider of the library, by resource kind. */
export const dynamicProviders = {
  ManifestWorkBundle: bundleProvider,
  HubFanOut: fanOutProvider,
  BindingBundles: bindingProvider,
  ClusterAcceptance: clusterAcceptanceProvider,
  BootstrapToken: bootstrapTokenProvider,
  HubCheck: hubCheckProvider,
  KubeFlexBootstrapSecret: bootstrapHandoffProvider,
  KlusterletOperator: klusterletOperatorProvider,
} as const;

export type DynamicProviders = typeof dynamicProviders;
export type DynamicProviderKind = keyof DynamicProviders;
