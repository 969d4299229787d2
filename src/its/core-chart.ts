import { CORE_CHART_BOOTSTRAP_SECRET_DEFAULTS, CORE_CHART_ITS_DEFAULTS } from "./defaults";
import { ItsType } from "./enums";
import type { CoreChartItsArgs } from "./core-chart-schema";

export const CORE_CHART = "oci://ghcr.io/kubestellar/kubestellar/core-chart";

/** One `ITSes[]` entry exactly as `core-chart/values.yaml` spells it. */
export interface CoreChartItsValue {
  name: string;
  type: ItsType;
  install_clusteradm: boolean;
  bootstrapSecret?: { name: string; namespace: string; key: string };
}

/** The values this library sets on the core chart. */
export interface CoreChartValues {
  ITSes: CoreChartItsValue[];
  InstallPCHs: boolean;
  "kubeflex-operator": { install: boolean };
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
