import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  CORE_CHART,
  DEFAULT_CORE_CHART_VERSION,
  DEFAULT_CORE_NAMESPACE,
  DEFAULT_CORE_RELEASE,
  buildCoreChartValues,
} from "../../src/its";
import type { CoreChartValues } from "../../src/its";
import type { KubeStellarCoreChartArgs } from "../../src/its";
import { kubeStellarCoreChartArgsSchema } from "../../src/its";
import { clusterIdentifier } from "../../src/kube";
import type { ArgsValidation } from "../validation";
import { checkInput, validatePlainArgs } from "../validation";

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
    const validation: ArgsValidation<pulumi.Unwrap<KubeStellarCoreChartArgs>> = {
      schema: kubeStellarCoreChartArgsSchema,
      subject: `KubeStellarCoreChart "${name}" args`,
      inputKeys: ["kubeconfig"],
      secretKeys: ["kubeconfig"],
    };
    const plain = validatePlainArgs(validation, args);
    super("kubestellar-its:index:KubeStellarCoreChart", name, {}, opts);
    const namespace = plain.namespace ?? DEFAULT_CORE_NAMESPACE;
    const provider = new k8s.Provider(
      `${name}-hosting-k8s`,
      {
        kubeconfig: pulumi.secret(checkInput(validation, args, "kubeconfig", args.kubeconfig)),
        clusterIdentifier: clusterIdentifier.coreChartHosting(name),
      },
      { parent: this },
    );
    const values = buildCoreChartValues({
      itses: plain.itses ?? [],
      namespace,
      installKubeFlexOperator: plain.installKubeFlexOperator ?? true,
      installPostCreateHooks: plain.installPostCreateHooks ?? true,
    });
    this.release = new k8s.helm.v3.Release(
      name,
      {
        name: plain.releaseName ?? DEFAULT_CORE_RELEASE,
        chart: CORE_CHART,
        version: plain.version ?? DEFAULT_CORE_CHART_VERSION,
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
