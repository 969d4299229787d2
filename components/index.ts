/** Public API of kubestellar-its: the components (as they land) and the pure core they stand on. */
export * from "../src";
