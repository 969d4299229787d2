import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTERADM_ENV, clusteradmJoinScript, clusteradmUnjoinScript, ocmImage } from "../../src/hub";
import {
  buildBootstrapHubKubeconfigSecret,
  buildJoinIdentity,
  buildKlusterlet,
  buildManagedCluster,
  buildPropertiesConfigMap,
  JoinMethod,
  joinIdentityNames,
  joinIdentityUser,
  KLUSTERLET_AGENT_NAMESPACE,
  KlusterletMode,
  KlusterletOperatorInstall,
  klusterletModeRunsOperatorOnWec,
  WEC_DEFAULTS as DEFAULTS,
  workloadExecutionClusterArgsSchema,
} from "../../src/wec";
import {
  buildTokenKubeconfig,
  clusterIdentifier,
  dns1123LabelProblem,
  KLUSTERLET_CRD_FILE,
  kubeconfigCluster,
  kubeconfigServer,
  MANAGED_CLUSTER_API,
  OPERATOR_API,
  loadCrd,
} from "../../src/kube";

/** Pulumi's Kubernetes provider: force server-side apply over other field managers. */
const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";
import type { BindingClusterArgs } from "../../src/binding";
import type { ItsReference } from "../../src/kube";
import type { RefusedCsr, WorkloadExecutionClusterArgs } from "../../src/wec";
import type { ArgsValidation } from "../validation";
import {
  checkInput,
  COMPUTED_PLACEHOLDER,
  inputPropertiesError,
  isPlain,
  noteUnknownAtPreview,
  plainArgsIssues,
} from "../validation";
import {
  isKubernetesProvider,
  itsArgsIssues,
  kubernetesProviderOf,
  providerOptionIssues,
} from "../its/its-connection";
import { laterFields } from "../later-fields";
import { BootstrapToken } from "../hub/bootstrap-token";
import { ClusterAcceptance } from "./cluster-acceptance";
import { KlusterletOperator } from "./klusterlet-operator";

export type { WorkloadExecutionClusterArgs } from "../../src/wec";

type Plain = pulumi.Unwrap<WorkloadExecutionClusterArgs>;

/** What both ways of joining the WEC side need. */
interface Joining {
  readonly name: string;
  readonly clusterName: pulumi.Output<string>;
  readonly plain: Plain;
  readonly wecKubeconfig: pulumi.Output<string>;
  /** The hub URL as the WEC reaches it. */
  readonly hubServer: pulumi.Output<string>;
  /** The join token (secret). */
  readonly token: pulumi.Output<string>;
  /** The user's provider for the WEC, if any. */
  readonly wecProvider?: k8s.Provider;
}

/** The facts a binding selects and expands with: they may come from other resources (Outputs). */
const WEC_FACT_KEYS = ["clusterName", "labels", "annotations", "properties"] as const;

/** The WEC's facts once known, each checked with the schema's rules (same messages as plain values). */
function wecFacts(
  name: string,
  args: WorkloadExecutionClusterArgs,
): pulumi.Output<Required<BindingClusterArgs>> {
  const v = wecValidation(name);
  // Plain values were checked before anything registered (validWecArgs); Outputs, once known.
  const checked = <T>(
    key: (typeof WEC_FACT_KEYS)[number],
    input: pulumi.Input<T> | undefined,
    fallback: T,
  ) =>
    input === undefined
      ? pulumi.output(fallback)
      : isPlain(input)
        ? pulumi.output(input)
        : checkInput(v, args, key, input);
  return pulumi
    .all([
      checked("clusterName", args.clusterName, name),
      checked("labels", args.labels, DEFAULTS.labels),
      checked("annotations", args.annotations, DEFAULTS.annotations),
      checked("properties", args.properties, DEFAULTS.properties),
    ])
    .apply(([clusterName, labels, annotations, properties]) => ({
      name: clusterName,
      labels: labels as Record<string, string>,
      annotations: annotations as Record<string, string>,
      properties: properties as Record<string, string>,
    }));
}

/** The facts as plain values when the program gives every one as a plain value (defaults applied). */
function plainInventory(
  plain: Plain,
  name: string,
  args: WorkloadExecutionClusterArgs,
): Required<BindingClusterArgs> | undefined {
  if (!WEC_FACT_KEYS.every((k) => isPlain(args[k]))) return undefined;
  const clusterName = plain.clusterName ?? name;
  // The labels the ManagedCluster gets (the cluster-set label too), as its builder sets them.
  const { labels = {} } = buildManagedCluster({
    name: clusterName,
    labels: plain.labels,
    clusterSet: plain.clusterSet,
    hubAcceptsClient: false,
  }).metadata;
  return {
    name: clusterName,
    labels,
    annotations: plain.annotations ?? DEFAULTS.annotations,
    properties: plain.properties ?? DEFAULTS.properties,
  };
}

/** How the WEC's args are validated: which are Inputs, which are secret. */
function wecValidation(name: string): ArgsValidation<Plain> {
  return {
    schema: workloadExecutionClusterArgsSchema,
    subject: `WorkloadExecutionCluster "${name}" args`,
    inputKeys: [
      "itsKubeconfig",
      "wecKubeconfig",
      "hubApiServer",
      "bootstrapToken",
      "joinIdentity",
      ...WEC_FACT_KEYS,
    ],
    secretKeys: ["itsKubeconfig", "wecKubeconfig", "bootstrapToken"],
  };
}

/**
 * The WEC's args as plain values, or one error with every problem: the schema's, an
 * `itsProvider` that is not a Kubernetes provider, and a resource name that cannot be the
 * default cluster name. Runs before anything registers.
 */
function validWecArgs(
  name: string,
  args: WorkloadExecutionClusterArgs,
  opts: pulumi.ComponentResourceOptions | undefined,
): Plain {
  const validation = wecValidation(name);
  const { itsProvider, wecProvider, its, ...rest } = args;
  // The ITS component's kubeconfig stands in for `itsKubeconfig` (an Output: checked on resolution).
  const plainArgs = { ...rest, itsKubeconfig: rest.itsKubeconfig ?? its?.kubeconfig ?? COMPUTED_PLACEHOLDER };
  const issues = [
    ...itsArgsIssues(its, args.itsKubeconfig, "itsKubeconfig"),
    ...providerOptionIssues(its, opts, [["itsProvider", itsProvider]]),
    ...plainArgsIssues(validation, plainArgs),
  ];
  for (const [key, provider] of [
    ["itsProvider", itsProvider],
    ["wecProvider", wecProvider],
  ] as const) {
    if (provider !== undefined && !isKubernetesProvider(provider)) {
      issues.push({
        path: key,
        reason: "must be a Kubernetes provider (a k8s.Provider, e.g. the ITS component's `provider`)",
      });
    }
  }
  if (args.clusterName === undefined) {
    const problem = dns1123LabelProblem(name);
    if (problem !== undefined) {
      issues.push({
        path: "clusterName",
        reason: `defaults to the resource name ${JSON.stringify(name)}, which ${problem}; set clusterName`,
      });
    }
  }
  if (issues.length > 0) throw inputPropertiesError(validation.subject, issues);
  return plainArgs as Plain;
}

/** The user whose CSRs acceptance approves when this component mints no identity: the one the user names, or "". */
function namedJoinIdentity(name: string, args: WorkloadExecutionClusterArgs): pulumi.Input<string> {
  return args.joinIdentity === undefined
    ? ""
    : checkInput(wecValidation(name), args, "joinIdentity", args.joinIdentity);
}

/** What joining the WEC side starts from. */
interface JoinStep {
  readonly name: string;
  readonly clusterName: pulumi.Output<string>;
  readonly plain: Plain;
  readonly args: WorkloadExecutionClusterArgs;
  readonly join: JoinMethod;
  readonly itsKubeconfig: pulumi.Output<string>;
  readonly managedCluster: pulumi.Resource;
  readonly onIts: pulumi.CustomResourceOptions;
}

/** What joining the WEC side produced. */
interface JoinedWec {
  /** The user whose CSRs acceptance approves. */
  readonly joinIdentity: pulumi.Input<string>;
  /** What acceptance waits for. */
  readonly joinedBy: pulumi.Resource[];
  readonly wecProvider?: k8s.Provider;
  readonly operator?: KlusterletOperator;
}

/**
 * One WEC registered on an ITS: the ManagedCluster, the accept step (CSR approval, then the
 * mailbox namespace the hub creates), the customization-properties ConfigMap, and optionally the
 * WEC side of the join (a declarative klusterlet or `clusteradm join`). Destroy deletes the
 * ManagedCluster and what this component created; the mailbox namespace and other tenants'
 * objects in it are left to the hub.
 */
export class WorkloadExecutionCluster extends pulumi.ComponentResource {
  /** The ManagedCluster name. */
  public readonly clusterName: pulumi.Output<string>;
  /** The mailbox namespace in the ITS (named exactly as the cluster), known once accepted. */
  public readonly mailboxNamespace: pulumi.Output<string>;
  /** The ManagedCluster's labels (incl. the cluster-set label). */
  public readonly labels: pulumi.Output<Record<string, string>>;
  /** The hub accepted the cluster (its mailbox namespace exists). */
  public readonly accepted: pulumi.Output<boolean>;
  /** The ManagedCluster reports `ManagedClusterJoined=True`. */
  public readonly joined: pulumi.Output<boolean>;
  /**
   * Pending CSRs for this cluster's name the accept step did not approve (name, requester, why):
   * a request from anyone but the WEC's join identity, or with another subject. Empty when
   * `accept` is false.
   */
  public readonly refusedCsrs: pulumi.Output<RefusedCsr[]>;
  /**
   * What a `WorkloadBinding` selects and expands templates with: the cluster name, the
   * ManagedCluster's labels (incl. the cluster-set label) and annotations, and the customization
   * properties, known once the Outputs they may come from are. Pass the component in a binding's
   * `wecs` to use them.
   */
  public readonly facts: pulumi.Output<Required<BindingClusterArgs>>;
  private readonly plainInventory: Readonly<Required<BindingClusterArgs>> | undefined;
  /**
   * The Kubernetes provider for the ITS: `args.itsProvider`, the `its` component's, the one the
   * resource options name, or its own `${name}-its-k8s`.
   */
  public readonly itsProvider: k8s.Provider;
  /** The ITS component this WEC registers on, when it was given as `its`. */
  public readonly its: ItsReference | undefined;
  /** The ITS API server URL, from the ITS kubeconfig's current context ("" when it names none). */
  public readonly itsApiServer: pulumi.Output<string>;
  /** The Kubernetes provider for the WEC (`${name}-wec-k8s`), when it is joined by this component. */
  public readonly wecProvider?: k8s.Provider;
  /**
   * `<namespace>/<name>` of the klusterlet operator Deployment that serves this WEC's Klusterlet
   * (`klusterlet` join with `klusterletOperator: "IfMissing"`): the one installed here or the one
   * found on the WEC; "" otherwise.
   */
  public readonly klusterletOperatorDeployment: pulumi.Output<string>;
  /** This component installed the klusterlet operator on the WEC (and removes it on destroy). */
  public readonly klusterletOperatorInstalled: pulumi.Output<boolean>;

  /**
   * `facts` as plain values, when the program gives all four as plain values (the binding then
   * selects while the program runs). Reading it when one is an Output throws, naming `facts`.
   */
  public get inventory(): Readonly<Required<BindingClusterArgs>> {
    if (this.plainInventory === undefined)
      throw new Error(
        "this WorkloadExecutionCluster's clusterName, labels, annotations or properties come from Outputs: read `facts`",
      );
    return this.plainInventory;
  }

  constructor(name: string, args: WorkloadExecutionClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const plain = validWecArgs(name, args, opts);
    super("kubestellar-its:index:WorkloadExecutionCluster", name, {}, opts);

    const facts = wecFacts(name, args);
    noteUnknownAtPreview(facts, this, "the checks of clusterName, labels, annotations and properties");
    const clusterName = facts.name;
    const join = plain.join ?? DEFAULTS.join;
    const accept = plain.accept ?? DEFAULTS.accept;
    const itsKubeconfig =
      args.its?.kubeconfig ??
      pulumi.secret(checkInput(wecValidation(name), args, "itsKubeconfig", args.itsKubeconfig!));
    this.its = args.its;
    this.itsApiServer = pulumi.unsecret(itsKubeconfig.apply((kc) => kubeconfigServer(kc) ?? ""));
    // One connection per ITS: the one given, the ITS component's, or one the resource options
    // name, before one of its own.
    this.itsProvider =
      args.itsProvider ??
      args.its?.provider ??
      kubernetesProviderOf(opts) ??
      this.ownItsProvider(name, clusterName, itsKubeconfig);
    const onIts = { parent: this, provider: this.itsProvider };

    const { managedCluster, labels } = this.managedCluster(name, facts, plain, accept, onIts);
    const properties = facts.apply((f) => buildPropertiesConfigMap(f.name, f.properties));
    new k8s.core.v1.ConfigMap(
      `${name}-properties`,
      laterFields<k8s.core.v1.ConfigMapArgs>(properties, ["metadata", "data"]),
      onIts,
    );
    const joined =
      join === JoinMethod.None
        ? undefined
        : this.joinWec({ name, clusterName, plain, args, join, itsKubeconfig, managedCluster, onIts });
    const acceptance = accept
      ? new ClusterAcceptance(
          `${name}-acceptance`,
          {
            kubeconfig: itsKubeconfig,
            clusterName,
            joinIdentity: joined?.joinIdentity ?? namedJoinIdentity(name, args),
            csrApproval: plain.csrApproval ?? DEFAULTS.csrApproval,
            waitForCsr: joined !== undefined,
            timeoutSeconds: plain.waitTimeoutSeconds ?? DEFAULTS.waitTimeoutSeconds,
          },
          { parent: this, dependsOn: [managedCluster, ...(joined?.joinedBy ?? [])] },
        )
      : undefined;

    this.clusterName = clusterName;
    this.mailboxNamespace = acceptance?.mailboxNamespace ?? clusterName;
    this.facts = pulumi.all([facts, labels]).apply(([f, l]) => ({ ...f, labels: l }));
    this.plainInventory = plainInventory(plain, name, args);
    this.labels = labels;
    this.accepted = acceptance?.accepted ?? pulumi.output(false);
    this.refusedCsrs = acceptance?.refusedCsrs ?? pulumi.output([]);
    this.joined = acceptance?.joined ?? pulumi.output(false);
    this.wecProvider = joined?.wecProvider;
    this.klusterletOperatorDeployment = joined?.operator?.operator ?? pulumi.output("");
    this.klusterletOperatorInstalled = joined?.operator?.installed ?? pulumi.output(false);
    this.registerOutputs({
      klusterletOperatorDeployment: this.klusterletOperatorDeployment,
      klusterletOperatorInstalled: this.klusterletOperatorInstalled,
      clusterName: this.clusterName,
      mailboxNamespace: this.mailboxNamespace,
      labels: this.labels,
      accepted: this.accepted,
      joined: this.joined,
      refusedCsrs: this.refusedCsrs,
    });
  }

  /** The ITS provider this component opens when the user passes none. */
  private ownItsProvider(
    name: string,
    clusterName: pulumi.Output<string>,
    itsKubeconfig: pulumi.Output<string>,
  ): k8s.Provider {
    return new k8s.Provider(
      `${name}-its-k8s`,
      { kubeconfig: itsKubeconfig, clusterIdentifier: clusterName.apply(clusterIdentifier.itsForWec) },
      { parent: this },
    );
  }

  /** The ManagedCluster on the ITS, applied so that accepting takes over the agent's fields. */
  private managedCluster(
    name: string,
    facts: pulumi.Output<Required<BindingClusterArgs>>,
    plain: Plain,
    accept: boolean,
    onIts: pulumi.CustomResourceOptions,
  ): { managedCluster: pulumi.Resource; labels: pulumi.Output<Record<string, string>> } {
    const mc = facts.apply((f) => {
      const object = buildManagedCluster({
        name: f.name,
        labels: f.labels,
        annotations: f.annotations,
        hubAcceptsClient: accept,
        clusterSet: plain.clusterSet,
        taints: plain.taints,
        leaseDurationSeconds: plain.leaseDurationSeconds,
      });
      // The WEC's registration agent usually creates its ManagedCluster first (and owns
      // hubAcceptsClient=false); accepting it means taking those fields over, as
      // `clusteradm accept` does, so server-side apply must force.
      object.metadata.annotations = {
        ...(object.metadata.annotations ?? {}),
        [PATCH_FORCE_ANNOTATION]: "true",
      };
      return object;
    });
    // apiVersion and kind are plain: the SDK builds the resource type from them.
    const managedCluster = new k8s.apiextensions.CustomResource(
      `${name}-managed-cluster`,
      {
        apiVersion: MANAGED_CLUSTER_API,
        kind: "ManagedCluster",
        ...laterFields<Record<string, pulumi.Output<unknown>>>(mc, ["metadata", "spec"]),
      },
      onIts,
    );
    return { managedCluster, labels: mc.apply((m) => m.metadata.labels ?? {}) };
  }

  /**
   * The WEC side of the join: the token (given, or minted for this WEC's own join identity),
   * the hub URL, then a declarative klusterlet or `clusteradm join`.
   */
  private joinWec(step: JoinStep): JoinedWec {
    const { name, clusterName, plain, args, join, itsKubeconfig, managedCluster, onIts } = step;
    const validation = wecValidation(name);
    let token: pulumi.Output<string>;
    let joinIdentity: pulumi.Input<string>;
    if (args.bootstrapToken !== undefined) {
      token = pulumi.secret(checkInput(validation, args, "bootstrapToken", args.bootstrapToken));
      joinIdentity = namedJoinIdentity(name, args);
    } else {
      const identity = this.joinIdentity(name, clusterName, onIts);
      token = new BootstrapToken(
        `${name}-bootstrap-token`,
        {
          kubeconfig: itsKubeconfig,
          serviceAccount: clusterName.apply((c) => joinIdentityNames(c).serviceAccount),
        },
        { parent: this, dependsOn: [managedCluster, ...identity] },
      ).token;
      joinIdentity = clusterName.apply(joinIdentityUser);
    }
    const hubServer =
      args.hubApiServer !== undefined
        ? checkInput(validation, args, "hubApiServer", args.hubApiServer)
        : pulumi.unsecret(itsKubeconfig.apply((kc) => kubeconfigCluster(kc).server));
    const wecKubeconfig = pulumi.secret(checkInput(validation, args, "wecKubeconfig", args.wecKubeconfig!));
    const joining: Joining = {
      name,
      clusterName,
      plain,
      wecKubeconfig,
      hubServer,
      token,
      wecProvider: args.wecProvider,
    };
    if (join === JoinMethod.Klusterlet) {
      const joined = this.klusterlet(joining, itsKubeconfig);
      return {
        joinIdentity,
        joinedBy: [joined.klusterlet],
        wecProvider: joined.provider,
        operator: joined.operator,
      };
    }
    return { joinIdentity, joinedBy: [this.clusteradmJoin(joining, managedCluster)] };
  }

  /**
   * The WEC's own join identity on the ITS (ServiceAccount, ClusterRole with OCM's bootstrap
   * rules, binding): its token is minted for this WEC alone and stops working when the WEC goes.
   */
  private joinIdentity(
    name: string,
    clusterName: pulumi.Output<string>,
    onIts: pulumi.CustomResourceOptions,
  ): pulumi.Resource[] {
    const identity = clusterName.apply(buildJoinIdentity);
    const sa = new k8s.core.v1.ServiceAccount(
      `${name}-join-sa`,
      laterFields<k8s.core.v1.ServiceAccountArgs>(identity.serviceAccount, ["metadata"]),
      onIts,
    );
    const role = new k8s.rbac.v1.ClusterRole(
      `${name}-join-role`,
      laterFields<k8s.rbac.v1.ClusterRoleArgs>(identity.clusterRole, ["metadata", "rules"]),
      onIts,
    );
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-join-binding`,
      laterFields<k8s.rbac.v1.ClusterRoleBindingArgs>(identity.clusterRoleBinding, [
        "metadata",
        "roleRef",
        "subjects",
      ]),
      { ...onIts, dependsOn: [sa, role] },
    );
    return [sa, role, binding];
  }

  /**
   * The WEC side as `clusteradm join` renders it: CRD, the klusterlet operator unless one is
   * there, agent namespace, bootstrap Secret, Klusterlet CR. The CR depends on the operator, so
   * destroy deletes the CR first and waits for the operator to release its finalizer.
   */
  private klusterlet(
    joining: Joining,
    itsKubeconfig: pulumi.Output<string>,
  ): { provider: k8s.Provider; klusterlet: pulumi.Resource; operator?: KlusterletOperator } {
    const { name, clusterName, plain, wecKubeconfig, hubServer, token } = joining;
    const wec =
      joining.wecProvider ??
      new k8s.Provider(
        `${name}-wec-k8s`,
        { kubeconfig: wecKubeconfig, clusterIdentifier: clusterName.apply(clusterIdentifier.wec) },
        { parent: this },
      );
    const onWec = { parent: this, provider: wec };
    const crd = new k8s.apiextensions.v1.CustomResourceDefinition(
      `${name}-klusterlet-crd`,
      loadCrd(KLUSTERLET_CRD_FILE),
      onWec,
    );
    const ns = new k8s.core.v1.Namespace(
      `${name}-agent-namespace`,
      { metadata: { name: KLUSTERLET_AGENT_NAMESPACE } },
      onWec,
    );
    const bootstrapKubeconfig = pulumi.secret(
      pulumi
        .all([hubServer, itsKubeconfig, token])
        .apply(([server, kc, t]) =>
          buildTokenKubeconfig({ server, caData: kubeconfigCluster(kc).caData, token: t, name: "hub" }),
        ),
    );
    const secret = new k8s.core.v1.Secret(
      `${name}-bootstrap-hub-kubeconfig`,
      buildBootstrapHubKubeconfigSecret(bootstrapKubeconfig),
      { ...onWec, dependsOn: [ns] },
    );
    const registry = plain.imageRegistry ?? DEFAULTS.imageRegistry;
    const tag = plain.imageTag ?? DEFAULTS.imageTag;
    const mode = plain.klusterletMode ?? DEFAULTS.klusterletMode;
    const installOperator =
      (plain.klusterletOperator ?? DEFAULTS.klusterletOperator) === KlusterletOperatorInstall.IfMissing &&
      klusterletModeRunsOperatorOnWec(mode);
    const operator = installOperator
      ? new KlusterletOperator(
          `${name}-klusterlet-operator`,
          { kubeconfig: wecKubeconfig, clusterName, registry, tag },
          { parent: this, dependsOn: [crd] },
        )
      : undefined;
    const cr = clusterName.apply((c) =>
      buildKlusterlet({
        clusterName: c,
        mode,
        registrationImagePullSpec: ocmImage(registry, "registration", tag),
        workImagePullSpec: ocmImage(registry, "work", tag),
        imagePullSpec: ocmImage(registry, "registration-operator", tag),
      }),
    );
    // apiVersion and kind are plain: the SDK builds the resource type from them.
    const klusterlet = new k8s.apiextensions.CustomResource(
      `${name}-klusterlet`,
      {
        apiVersion: OPERATOR_API,
        kind: "Klusterlet",
        ...laterFields<Record<string, pulumi.Output<unknown>>>(cr, ["metadata", "spec"]),
      },
      { ...onWec, dependsOn: operator === undefined ? [crd, secret] : [crd, secret, operator] },
    );
    return { provider: wec, klusterlet, operator };
  }

  /** `clusteradm join` against the WEC, with the hub token and URL in secret environment variables. */
  private clusteradmJoin(joining: Joining, managedCluster: pulumi.Resource): command.local.Command {
    const { name, clusterName, plain, wecKubeconfig, hubServer, token } = joining;
    return new command.local.Command(
      `${name}-clusteradm-join`,
      {
        create: clusterName.apply((c) =>
          clusteradmJoinScript({
            clusterName: c,
            singleton: (plain.klusterletMode ?? DEFAULTS.klusterletMode) === KlusterletMode.Singleton,
          }),
        ),
        delete: clusterName.apply(clusteradmUnjoinScript),
        environment: {
          [CLUSTERADM_ENV.binary]: plain.clusteradmPath ?? DEFAULTS.clusteradmPath,
          [CLUSTERADM_ENV.kubeconfig]: wecKubeconfig,
          [CLUSTERADM_ENV.hubToken]: token,
          [CLUSTERADM_ENV.hubApiServer]: hubServer,
        },
        logging: "stderr",
      },
      { parent: this, dependsOn: [managedCluster], additionalSecretOutputs: ["stdout"] },
    );
  }
}
