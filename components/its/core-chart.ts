import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  buildCoreChartValues,
  CORE_CHART,
  CORE_CHART_DEFAULTS,
  kubeStellarCoreChartArgsSchema,
} from "../../src/its";
import type { CoreChartValues, KubeStellarCoreChartArgs } from "../../src/its";
import { clusterIdentifier } from "../../src/kube";
import { checkInput, kubeconfigArgsValidation, validatePlainArgs } from "../validation";

export type { KubeStellarCoreChartArgs } from "../../src/its";

/**
 * The KubeStellar core Helm chart with typed `ITSes` values, for exact chart parity: the chart's
 * own ControlPlanes and post-create hooks (`its-hub-init` runs `clusteradm init` in each ITS).
 */
export class KubeStellarCoreChart extends pulumi.ComponentResource {
  /** The Helm release (`${name}`). */
  public readonly release: k8s.helm.v3.Release;
  /** The values passed to the chart. */
  public readonly values: pulumi.Output<CoreChartValues>;

  constructor(name: string, args: KubeStellarCoreChartArgs, opts?: pulumi.ComponentResourceOptions) {
    const validation = kubeconfigArgsValidation<pulumi.Unwrap<KubeStellarCoreChartArgs>>(
      kubeStellarCoreChartArgsSchema,
      `KubeStellarCoreChart "${name}" args`,
    );
    const plain = validatePlainArgs(validation, args);
    super("kubestellar-its:index:KubeStellarCoreChart", name, {}, opts);
    const namespace = plain.namespace ?? CORE_CHART_DEFAULTS.namespace;
    const provider = new k8s.Provider(
      `${name}-hosting-k8s`,
      {
        kubeconfig: pulumi.secret(checkInput(validation, args, "kubeconfig", args.kubeconfig)),
        clusterIdentifier: clusterIdentifier.coreChartHosting(name),
      },
      { parent: this },
    );
    const values = buildCoreChartValues({
      itses: plain.itses ?? CORE_CHART_DEFAULTS.itses,
      namespace,
      installKubeFlexOperator: plain.installKubeFlexOperator ?? CORE_CHART_DEFAULTS.installKubeFlexOperator,
      installPostCreateHooks: plain.installPostCreateHooks ?? CORE_CHART_DEFAULTS.installPostCreateHooks,
    });
    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: plain.releaseName ?? CORE_CHART_DEFAULTS.releaseName,
        chart: CORE_CHART,
        version: plain.version ?? CORE_CHART_DEFAULTS.version,
        namespace,
        createNamespace: true,
        values,
      },
      { parent: this, provider },
    );
    this.values = pulumi.output(values);
    this.registerOutputs({ release: this.release, values: this.values });
  }
}
