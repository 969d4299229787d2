import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HubCheck } from "./hub-check";
import {
  bootstrapUser,
  buildBootstrapIdentity,
  buildClusterManager,
  buildClusterManagerOperator,
  CLUSTER_MANAGER_DEFAULTS as DEFAULTS,
  CLUSTERADM_ENV,
  clusteradmCleanScript,
  clusteradmInitScript,
  clusterManagerArgsSchema,
  clusterManagerImages,
  ClusterManagerInstaller,
  OCM_HUB_CRDS,
  STATUS_ADDON_CHART,
  STATUS_ADDON_RELEASE,
  statusAddonChartVersion,
} from "../../src/hub";
import { CLUSTER_MANAGER_CRD_FILE, clusterIdentifier, loadCrd } from "../../src/kube";
import type { ClusterManagerArgs } from "../../src/hub";
import { checkInput, COMPUTED_PLACEHOLDER, kubeconfigArgsValidation, validatePlainArgs } from "../validation";
import { itsArgsIssues, kubernetesProviderOf, providerOptionIssues } from "../its/its-connection";

export type { ClusterManagerArgs } from "../../src/hub";

type Plain = pulumi.Unwrap<ClusterManagerArgs>;

/**
 * The OCM cluster manager (hub) in an ITS — what `clusteradm init --wait` does — installed
 * declaratively, by running `clusteradm`, or not at all (`none`: an existing hub, verified).
 * Optionally KubeStellar's OCM status add-on.
 */
export class ClusterManager extends pulumi.ComponentResource {
  /** How the hub was installed. */
  public readonly installer: pulumi.Output<ClusterManagerInstaller>;
  /**
   * The Kubernetes provider for the ITS this component uses: the `its` component's, the one the
   * resource options name (`provider`, or `providers` for kubernetes), or its own `${name}-k8s`.
   */
  public readonly provider: k8s.Provider;
  /** The identity WECs join with (`system:serviceaccount:open-cluster-management:agent-registration-bootstrap`), when created. */
  public readonly bootstrapUser: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    const validation = kubeconfigArgsValidation<Plain>(
      clusterManagerArgsSchema,
      `ClusterManager "${name}" args`,
    );
    const { its, ...rest } = args;
    const plain = validatePlainArgs(
      validation,
      // The ITS component's kubeconfig stands in for `kubeconfig` (an Output: checked on resolution).
      { ...rest, kubeconfig: rest.kubeconfig ?? its?.kubeconfig ?? COMPUTED_PLACEHOLDER },
      [...itsArgsIssues(its, args.kubeconfig, "kubeconfig"), ...providerOptionIssues(its, opts)],
    );
    super("kubestellar-its:index:ClusterManager", name, {}, opts);

    const installer = plain.installer ?? DEFAULTS.installer;
    const kubeconfig =
      its?.kubeconfig ?? pulumi.secret(checkInput(validation, args, "kubeconfig", args.kubeconfig!));
    // One connection per cluster: the ITS's provider, or one the resource options name, before one of its own.
    this.provider =
      its?.provider ??
      kubernetesProviderOf(opts) ??
      new k8s.Provider(
        `${name}-k8s`,
        { kubeconfig, clusterIdentifier: clusterIdentifier.clusterManager(name) },
        { parent: this },
      );
    const createBootstrap =
      installer !== ClusterManagerInstaller.None &&
      (plain.createBootstrapServiceAccount ?? DEFAULTS.createBootstrapServiceAccount);

    let hub: pulumi.Resource[];
    if (installer === ClusterManagerInstaller.Declarative)
      hub = this.declarative(name, plain, createBootstrap);
    else if (installer === ClusterManagerInstaller.Clusteradm)
      hub = [this.clusteradm(name, plain, kubeconfig)];
    else hub = this.verifyExistingHub(name, kubeconfig);

    if (plain.installStatusAddon ?? DEFAULTS.installStatusAddon) {
      new k8s.helm.v3.Release(
        `${name}-status-addon`,
        {
          name: STATUS_ADDON_RELEASE,
          chart: STATUS_ADDON_CHART,
          version: statusAddonChartVersion(plain.statusAddonVersion ?? DEFAULTS.statusAddonVersion),
          namespace: "open-cluster-management",
          createNamespace: true,
        },
        { parent: this, provider: this.provider, dependsOn: hub },
      );
    }

    this.installer = pulumi.output(installer);
    this.bootstrapUser = pulumi.output(createBootstrap ? bootstrapUser() : undefined);
    this.registerOutputs({
      installer: this.installer,
      provider: this.provider,
      bootstrapUser: this.bootstrapUser,
    });
  }

  /** CRD, operator, ClusterManager CR and (optionally) the bootstrap identity. */
  private declarative(name: string, plain: Plain, createBootstrap: boolean): pulumi.Resource[] {
    const registry = plain.imageRegistry ?? DEFAULTS.imageRegistry;
    const tag = plain.imageTag ?? DEFAULTS.imageTag;
    const opts = { parent: this, provider: this.provider };
    const crd = new k8s.apiextensions.v1.CustomResourceDefinition(
      `${name}-crd`,
      loadCrd(CLUSTER_MANAGER_CRD_FILE),
      opts,
    );
    const operator = buildClusterManagerOperator({ registry, tag });
    const ns = new k8s.core.v1.Namespace(`${name}-operator-namespace`, operator.namespace, opts);
    const sa = new k8s.core.v1.ServiceAccount(`${name}-operator-sa`, operator.serviceAccount, {
      ...opts,
      dependsOn: [ns],
    });
    const role = new k8s.rbac.v1.ClusterRole(`${name}-operator-role`, operator.clusterRole, opts);
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-operator-binding`,
      operator.clusterRoleBinding,
      {
        ...opts,
        dependsOn: [role, sa],
      },
    );
    const deployment = new k8s.apps.v1.Deployment(`${name}-operator`, operator.deployment, {
      ...opts,
      dependsOn: [crd, binding],
    });
    const autoApproveUsers = [
      ...(createBootstrap ? [bootstrapUser()] : []),
      ...(plain.autoApproveUsers ?? DEFAULTS.autoApproveUsers),
    ];
    const cr = new k8s.apiextensions.CustomResource(
      `${name}-cluster-manager`,
      buildClusterManager({
        ...clusterManagerImages(registry, tag, plain.mode ?? DEFAULTS.mode),
        registrationFeatureGates: plain.registrationFeatureGates,
        workFeatureGates: plain.workFeatureGates,
        autoApproveUsers,
      }),
      { ...opts, dependsOn: [crd, deployment] },
    );
    const created: pulumi.Resource[] = [cr];
    if (createBootstrap) {
      const identity = buildBootstrapIdentity();
      const s = new k8s.core.v1.ServiceAccount(`${name}-bootstrap-sa`, identity.serviceAccount, {
        ...opts,
        dependsOn: [ns],
      });
      const r = new k8s.rbac.v1.ClusterRole(`${name}-bootstrap-role`, identity.clusterRole, opts);
      created.push(
        new k8s.rbac.v1.ClusterRoleBinding(`${name}-bootstrap-binding`, identity.clusterRoleBinding, {
          ...opts,
          dependsOn: [s, r],
        }),
      );
    }
    return created;
  }

  /** `clusteradm init --wait` with the kubeconfig in a temp file; stdout (the join token) is secret. */
  private clusteradm(name: string, plain: Plain, kubeconfig: pulumi.Output<string>): command.local.Command {
    const environment = {
      [CLUSTERADM_ENV.binary]: plain.clusteradmPath ?? DEFAULTS.clusteradmPath,
      [CLUSTERADM_ENV.kubeconfig]: kubeconfig,
    };
    return new command.local.Command(
      `${name}-clusteradm-init`,
      {
        create: clusteradmInitScript({
          timeoutSeconds: plain.waitTimeoutSeconds ?? DEFAULTS.waitTimeoutSeconds,
          imageRegistry: plain.imageRegistry,
          bundleVersion: plain.imageTag,
          featureGates: [
            ...(plain.registrationFeatureGates ?? DEFAULTS.registrationFeatureGates),
            ...(plain.workFeatureGates ?? DEFAULTS.workFeatureGates),
          ],
        }),
        delete: clusteradmCleanScript(),
        environment,
        logging: "stderr",
      },
      { parent: this, additionalSecretOutputs: ["stdout"] },
    );
  }

  /** `installer: none`: checks the OCM hub CRDs exist; a missing one fails with what to do. */
  private verifyExistingHub(name: string, kubeconfig: pulumi.Input<string>): pulumi.Resource[] {
    return [
      new HubCheck(
        `${name}-hub-check`,
        { kubeconfig, crds: OCM_HUB_CRDS.map((c) => c.name) },
        { parent: this },
      ),
    ];
  }
}
