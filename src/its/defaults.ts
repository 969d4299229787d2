import { KUBEFLEX_KUBECONFIG_SECRETS } from "./control-plane";
import { ItsType } from "./enums";

/**
 * What `InventoryTransportSpaceArgs` means when a field is left out: the code reads these and each
 * field's TSDoc `@default` states the same value (a unit test holds the two together).
 */
export const ITS_DEFAULTS = {
  type: ItsType.Vcluster,
  registerWithKubeFlex: false,
  installKubeFlexOperator: false,
  kubeFlexChartVersion: "0.9.3",
  postCreateHooks: [],
  globalVars: {},
  readyTimeoutSeconds: 600,
  createCustomizationNamespace: true,
} as const;

/** `BootstrapSecretArgs` defaults (the name defaults to `<controlPlaneName>-bootstrap`). */
export const BOOTSTRAP_SECRET_DEFAULTS = {
  namespace: "default",
  key: KUBEFLEX_KUBECONFIG_SECRETS.external.inClusterKey,
} as const;

/** The KubeFlex operator chart the ITS installs with `installKubeFlexOperator` (the core chart's subchart). */
export const KUBEFLEX_OPERATOR = {
  namespace: "kubeflex-system",
  chart: "oci://ghcr.io/kubestellar/kubeflex/chart/kubeflex-operator",
  release: "kubeflex-operator",
} as const;

/** `KubeStellarCoreChartArgs` defaults. */
export const CORE_CHART_DEFAULTS = {
  version: "0.30.0",
  releaseName: "ks-core",
  namespace: "default",
  itses: [],
  installKubeFlexOperator: true,
  installPostCreateHooks: true,
} as const;

/** `CoreChartItsArgs` defaults: the chart's own. */
export const CORE_CHART_ITS_DEFAULTS = {
  type: ItsType.Vcluster,
  installClusteradm: true,
} as const;

/** `CoreChartBootstrapSecretArgs` defaults (name `<its name>-bootstrap`, namespace the release's). */
export const CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS = {
  key: KUBEFLEX_KUBECONFIG_SECRETS.external.inClusterKey,
} as const;
