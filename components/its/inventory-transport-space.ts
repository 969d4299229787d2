import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildCustomizationNamespace } from "../../src/wec";
import {
  BOOTSTRAP_SECRET_DEFAULTS,
  buildControlPlane,
  CONTROL_PLANE_READY_WAIT_FOR,
  controlPlaneKubeconfigRef,
  decodeSecretValue,
  defaultControlPlaneNameIssue,
  inventoryTransportSpaceArgsSchema,
  ITS_ARGS_VALIDATION_KEYS,
  ITS_DEFAULTS,
  ItsType,
  KUBEFLEX_OPERATOR,
} from "../../src/its";
import { clusterIdentifier, kubeconfigCluster } from "../../src/kube";
import type { ItsReference } from "../../src/kube";
import type { InventoryTransportSpaceArgs } from "../../src/its";
import type { ArgsValidation } from "../validation";
import { checkInput, inputPropertiesError, validatePlainArgs } from "../validation";
import { KubeFlexBootstrapSecret } from "./kubeflex-bootstrap-secret";

export type { InventoryTransportSpaceArgs } from "../../src/its";

type Plain = pulumi.Unwrap<InventoryTransportSpaceArgs>;

function itsValidation(name: string): ArgsValidation<Plain> {
  return {
    schema: inventoryTransportSpaceArgsSchema,
    subject: `InventoryTransportSpace "${name}" args`,
    ...ITS_ARGS_VALIDATION_KEYS,
  };
}

/** The ITS args as plain values, or one error with every problem; runs before anything registers. */
function validItsArgs(name: string, args: InventoryTransportSpaceArgs): Plain {
  const validation = itsValidation(name);
  const plain = validatePlainArgs(validation, args);
  if (plain.controlPlaneName === undefined) {
    const issue = defaultControlPlaneNameIssue(name);
    if (issue !== undefined) throw inputPropertiesError(validation.subject, [issue]);
  }
  return plain;
}

/** A kubeconfig input of the ITS args, checked when it resolves and kept secret. */
function secretInput(
  name: string,
  args: InventoryTransportSpaceArgs,
  key: "hostingKubeconfig" | "kubeconfig" | "inClusterKubeconfig",
): pulumi.Output<string> {
  return pulumi.secret(checkInput(itsValidation(name), args, key, args[key]!));
}

/** What each type's step starts from. `hosting` is set where the schema requires `hostingKubeconfig`. */
interface Space {
  readonly name: string;
  readonly cpName: string;
  readonly args: InventoryTransportSpaceArgs;
  readonly plain: Plain;
  readonly hosting: k8s.Provider;
  readonly hostingKubeconfig: pulumi.Output<string>;
}

/**
 * A KubeStellar Inventory and Transport Space: the cluster that holds the WEC inventory (OCM
 * ManagedClusters) and their mailbox namespaces.
 *
 * - `vcluster`: a KubeFlex ControlPlane on the hosting cluster (optionally with the KubeFlex
 *   operator chart); waits for `Ready=True` and reads the kubeconfig KubeFlex writes.
 * - `host`: the hosting cluster itself.
 * - `external`: any cluster reached by `kubeconfig`; optionally registered with KubeFlex.
 *
 * Children are named `${name}-<role>`, so several ITSes live in one stack side by side.
 */
export class InventoryTransportSpace extends pulumi.ComponentResource implements ItsReference {
  /** The Pulumi resource name of this component (how other components' messages name this ITS). */
  public readonly resourceName: string;
  /** Name of the ITS (its KubeFlex ControlPlane name). */
  public readonly name: pulumi.Output<string>;
  /** `vcluster`, `host` or `external`. */
  public readonly type: pulumi.Output<ItsType>;
  /** Kubeconfig of the ITS (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** The Kubernetes provider for the ITS (`${name}-its-k8s`). */
  public readonly provider: k8s.Provider;
  /** The ITS API server URL, from the kubeconfig's current context. */
  public readonly hubApiServerUrl: pulumi.Output<string>;

  constructor(name: string, args: InventoryTransportSpaceArgs, opts?: pulumi.ComponentResourceOptions) {
    const plain = validItsArgs(name, args);
    super("kubestellar-its:index:InventoryTransportSpace", name, {}, opts);
    this.resourceName = name;

    const type = plain.type ?? ITS_DEFAULTS.type;
    const cpName = plain.controlPlaneName ?? name;
    const hostingKubeconfig =
      args.hostingKubeconfig === undefined ? undefined : secretInput(name, args, "hostingKubeconfig");
    const hosting =
      hostingKubeconfig === undefined
        ? undefined
        : new k8s.Provider(
            `${name}-hosting-k8s`,
            { kubeconfig: hostingKubeconfig, clusterIdentifier: clusterIdentifier.itsHosting(name) },
            { parent: this },
          );
    const space: Space = {
      name,
      cpName,
      args,
      plain,
      hosting: hosting!,
      hostingKubeconfig: hostingKubeconfig!,
    };
    const kubeconfig =
      type === ItsType.Vcluster
        ? this.vclusterKubeconfig(space)
        : type === ItsType.Host
          ? this.hostKubeconfig(space)
          : this.externalKubeconfig(space);

    this.provider = new k8s.Provider(
      `${name}-its-k8s`,
      { kubeconfig, clusterIdentifier: clusterIdentifier.its(name) },
      { parent: this },
    );
    if (plain.createCustomizationNamespace ?? ITS_DEFAULTS.createCustomizationNamespace) {
      new k8s.core.v1.Namespace(`${name}-customization-properties`, buildCustomizationNamespace(), {
        parent: this,
        provider: this.provider,
      });
    }

    this.name = pulumi.output(cpName);
    this.type = pulumi.output(type);
    this.kubeconfig = pulumi.secret(kubeconfig);
    this.hubApiServerUrl = pulumi.unsecret(kubeconfig.apply((kc) => kubeconfigCluster(kc).server));
    this.registerOutputs({
      name: this.name,
      type: this.type,
      kubeconfig: this.kubeconfig,
      provider: this.provider,
      hubApiServerUrl: this.hubApiServerUrl,
    });
  }

  /** `host`: the hosting cluster is the ITS; registered with KubeFlex when asked. */
  private hostKubeconfig(space: Space): pulumi.Output<string> {
    const { name, cpName, plain, hosting } = space;
    if (plain.registerWithKubeFlex ?? ITS_DEFAULTS.registerWithKubeFlex) {
      this.registerControlPlane(name, cpName, ItsType.Host, plain, hosting, []);
    }
    return space.hostingKubeconfig;
  }

  /**
   * `external`: the cluster `kubeconfig` reaches. Registered with KubeFlex when asked, through
   * the bootstrap Secret KubeFlex adopts the ControlPlane from.
   */
  private externalKubeconfig(space: Space): pulumi.Output<string> {
    const { name, cpName, args, plain, hosting } = space;
    const kubeconfig = secretInput(name, args, "kubeconfig");
    if (!(plain.registerWithKubeFlex ?? ITS_DEFAULTS.registerWithKubeFlex)) return kubeconfig;
    const secret = plain.bootstrapSecret ?? {};
    const ref = {
      name: secret.name ?? `${cpName}-bootstrap`,
      namespace: secret.namespace ?? BOOTSTRAP_SECRET_DEFAULTS.namespace,
      inClusterKey: secret.key ?? BOOTSTRAP_SECRET_DEFAULTS.key,
    };
    const inCluster =
      args.inClusterKubeconfig === undefined ? kubeconfig : secretInput(name, args, "inClusterKubeconfig");
    // KubeFlex consumes and deletes this Secret once it adopts the ControlPlane: a hand-off,
    // not a managed Secret (which would drift on every refresh). Stacks from 0.3.0 and
    // before hold it as a plain Secret under the same name.
    const bootstrap = new KubeFlexBootstrapSecret(
      `${name}-bootstrap-secret`,
      {
        hostingKubeconfig: space.hostingKubeconfig,
        controlPlaneName: cpName,
        secretName: ref.name,
        secretNamespace: ref.namespace,
        key: ref.inClusterKey,
        kubeconfig: inCluster,
      },
      { parent: this, aliases: [{ type: "kubernetes:core/v1:Secret" }] },
    );
    this.registerControlPlane(name, cpName, ItsType.External, plain, hosting, [bootstrap], ref);
    return kubeconfig;
  }

  /** The KubeFlex operator (optional), the vcluster ControlPlane, and the kubeconfig it publishes. */
  private vclusterKubeconfig(space: Space): pulumi.Output<string> {
    const { name, cpName, plain, hosting } = space;
    const dependsOn: pulumi.Resource[] = [];
    if (plain.installKubeFlexOperator ?? ITS_DEFAULTS.installKubeFlexOperator) {
      dependsOn.push(
        new k8s.helm.v3.Release(
          `${name}-kubeflex-operator`,
          {
            name: KUBEFLEX_OPERATOR.release,
            chart: KUBEFLEX_OPERATOR.chart,
            version: plain.kubeFlexChartVersion ?? ITS_DEFAULTS.kubeFlexChartVersion,
            namespace: KUBEFLEX_OPERATOR.namespace,
            createNamespace: true,
          },
          { parent: this, provider: hosting },
        ),
      );
    }
    const cp = this.registerControlPlane(name, cpName, ItsType.Vcluster, plain, hosting, dependsOn);
    // The SDK declares no `status` on a CustomResource; it exists because the args declare it.
    const status = (cp as unknown as { status: pulumi.Output<unknown> }).status;
    const ref = status.apply((s) => controlPlaneKubeconfigRef(ItsType.Vcluster, cpName, s));
    const secret = k8s.core.v1.Secret.get(
      `${name}-kubeconfig-secret`,
      pulumi.interpolate`${ref.namespace}/${ref.name}`,
      { parent: this, provider: hosting, dependsOn: [cp], additionalSecretOutputs: ["data"] },
    );
    return pulumi.secret(pulumi.all([secret.data, ref]).apply(([data, r]) => decodeSecretValue(data, r)));
  }

  /** The ControlPlane `${name}-control-plane`, labelled `kflex.kubestellar.io/cptype=its`. */
  private registerControlPlane(
    name: string,
    cpName: string,
    type: ItsType,
    plain: Plain,
    hosting: k8s.Provider,
    dependsOn: pulumi.Resource[],
    bootstrapSecretRef?: { name: string; namespace: string; inClusterKey: string },
  ): k8s.apiextensions.CustomResource {
    const object = buildControlPlane({
      name: cpName,
      type,
      postCreateHooks: plain.postCreateHooks,
      globalVars: plain.globalVars,
      bootstrapSecretRef,
    });
    const timeout = `${plain.readyTimeoutSeconds ?? ITS_DEFAULTS.readyTimeoutSeconds}s`;
    return new k8s.apiextensions.CustomResource(
      `${name}-control-plane`,
      {
        ...object,
        metadata: { ...object.metadata, annotations: { "pulumi.com/waitFor": CONTROL_PLANE_READY_WAIT_FOR } },
        // Declared so the resource exposes `status` (where KubeFlex names the kubeconfig Secret).
        status: undefined,
      },
      { parent: this, provider: hosting, dependsOn, customTimeouts: { create: timeout, update: timeout } },
    );
  }
}
