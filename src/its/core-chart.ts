import { CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS, CORE_CHART_ITS_DEFAULTS } from "./defaults";
import { ItsType } from "./enums";
import type { CoreChartItsArgs } from "./core-chart-schema";

export const CORE_CHART = "oci://ghcr.io/kubestellar/kubestellar/core-chart";

/** One `ITSes[]` entry exactly as `core-chart/values.yaml` spells it. */
export interface CoreChartItsValue {
  /** The ITS (KubeFlex ControlPlane) name. */
  name: string;
  /** The ControlPlane type: `vcluster`, `host` or `external`. */
  type: ItsType;
  /** Whether the chart installs the OCM cluster manager in it with `clusteradm`. */
  install_clusteradm: boolean;
  /** For `external` only: the KubeFlex bootstrap Secret holding the in-cluster kubeconfig of the external cluster. */
  bootstrapSecret?: {
    /** The Secret's name. */
    name: string;
    /** The Secret's namespace on the hosting cluster. */
    namespace: string;
    /** The key of the kubeconfig in the Secret's data. */
    key: string;
  };
}

/** The values this library sets on the core chart. */
export interface CoreChartValues {
  /** The ITSes the chart creates, every field written out. */
  ITSes: CoreChartItsValue[];
  /** Whether the chart installs KubeStellar's PostCreateHooks. */
  InstallPCHs: boolean;
  /** The chart's KubeFlex operator settings. */
  "kubeflex-operator": {
    /** Whether the chart installs the KubeFlex operator. */
    install: boolean;
  };
}

/**
 * The core chart values for `itses`: every default written out (the chart's own defaults), and
 * `bootstrapSecret` only for `external`, as the chart reads it.
 */
export function buildCoreChartValues(p: {
  readonly itses: readonly CoreChartItsArgs[];
  readonly namespace: string;
  readonly installKubeFlexOperator: boolean;
  readonly installPostCreateHooks: boolean;
}): CoreChartValues {
  const itses: CoreChartItsValue[] = p.itses.map((its) => {
    const type = its.type ?? CORE_CHART_ITS_DEFAULTS.type;
    const value: CoreChartItsValue = {
      name: its.name,
      type,
      install_clusteradm: its.installClusteradm ?? CORE_CHART_ITS_DEFAULTS.installClusteradm,
    };
    if (type === ItsType.External) {
      value.bootstrapSecret = {
        name: its.bootstrapSecret?.name ?? `${its.name}-bootstrap`,
        namespace: its.bootstrapSecret?.namespace ?? p.namespace,
        key: its.bootstrapSecret?.key ?? CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS.key,
      };
    }
    return value;
  });
  return {
    ITSes: itses,
    InstallPCHs: p.installPostCreateHooks,
    "kubeflex-operator": { install: p.installKubeFlexOperator },
  };
}
