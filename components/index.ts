/** Public API of kubestellar-its: the components and the pure core they stand on. */
export * from "../src";
export { ManifestWorkBundle } from "./manifest-work-bundle";
export { WorkloadBinding } from "./workload-binding";
