/**
 * Internal barrel of the pure core, for the tests: no resource is registered by anything here.
 * The public API is components/index.ts (README "Public API").
 */
export * from "./binding";
export * from "./enums";
export * from "./errors";
export * from "./go-identifier";
export * from "./labels";
export * from "./names";
export * from "./selectors";
export * from "./builders/cluster-manager";
export * from "./builders/cluster-set";
export * from "./builders/customization";
export * from "./builders/klusterlet";
export * from "./builders/kubeconfig";
export * from "./builders/kubeflex";
export * from "./builders/managed-cluster";
export * from "./builders/manifest-work";
export * from "./schemas/binding";
export * from "./schemas/bundle";
export * from "./schemas/cluster-manager";
export * from "./schemas/common";
export * from "./schemas/its";
export * from "./schemas/wec";
export * from "./status/manifest-work-status";
export * from "./transport/apply-order";
export * from "./transport/bundle";
export * from "./transport/expand";
export * from "./transport/go-json";
export * from "./transport/objects";
export * from "./transport/plan";
export * from "./transport/resources";
export * from "./transport/sanitize";
export * from "./transport/yaml";
export * from "./provider/kubeconfig-server";
export * from "./provider/manifest-work-bundle";
export * from "./provider/work-client";
export * from "./builders/cluster-manager-operator";
export * from "./clusteradm";
export * from "./core-chart";
export * from "./crds";
export * from "./hub";
export * from "./its";
export * from "./kubeconfig";
export * from "./schemas/core-chart";
export * from "./validation";
