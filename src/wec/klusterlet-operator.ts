/**
 * The OCM klusterlet operator on a WEC, as the klusterlet chart of the pinned OCM version renders
 * it with its default values (what `clusteradm join` installs when the WEC has none), and how an
 * operator already on the WEC is recognised, so a join never installs a second one.
 */
import type { OperatorObjects } from "../hub/operator";
import type { DeploymentObject } from "../kube";
import { OCM_OPERATOR_NAMESPACE } from "../hub/cluster-manager";
import { ocmImage } from "../hub/operator";
import {
  clusterRoleRules,
  KLUSTERLET_OPERATOR_ROLE_FILE,
  loadClusterRoleRules,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from "../kube";
import { KlusterletMode } from "./enums";

/** Name of the operator's ServiceAccount, ClusterRole, ClusterRoleBinding and Deployment. */
export const KLUSTERLET_OPERATOR = "klusterlet";
/** Where `clusteradm join` and the chart put the operator (fixed upstream). */
export const KLUSTERLET_OPERATOR_NAMESPACE = OCM_OPERATOR_NAMESPACE;
/**
 * The label on every object of an operator this library installed. An operator without it was
 * installed by someone else (clusteradm, the chart, OLM) and is never changed or deleted here.
 */
export const INSTALLED_BY_LABEL = { key: MANAGED_BY_LABEL, value: MANAGED_BY_VALUE } as const;
/** The labels of every object of an operator this library installed. */
const OWNED_LABELS = { [INSTALLED_BY_LABEL.key]: INSTALLED_BY_LABEL.value };
/** The image pull Secret the chart names on the operator's ServiceAccount (created only on request). */
const IMAGE_PULL_SECRET = "open-cluster-management-image-pull-credentials";

/**
 * The chart installs the operator only in these modes; in the hosted modes it runs on a
 * management cluster that must already have one.
 */
export function klusterletModeRunsOperatorOnWec(mode: KlusterletMode): boolean {
  return mode === KlusterletMode.Default || mode === KlusterletMode.Singleton;
}

/**
 * The klusterlet operator's objects, exactly as the OCM v1.2.1 klusterlet chart renders them with
 * its default values (`deploy/klusterlet/config/operator` and `config/rbac`; a unit test compares
 * them with those files), plus the library's `app.kubernetes.io/managed-by` label.
 */
export function buildKlusterletOperator(p: {
  readonly registry: string;
  readonly tag: string;
}): OperatorObjects {
  const namespace = KLUSTERLET_OPERATOR_NAMESPACE;
  const name = KLUSTERLET_OPERATOR;
  return {
    namespace: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: namespace,
        labels: OWNED_LABELS,
        annotations: { "workload.openshift.io/allowed": "management" },
      },
    },
    serviceAccount: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name, namespace, labels: OWNED_LABELS },
      imagePullSecrets: [{ name: IMAGE_PULL_SECRET }],
    },
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name, labels: OWNED_LABELS },
      // Exactly what OCM grants its klusterlet operator (escalate/bind to create the agents'
      // roles, secrets by name, nodes to size by control-plane nodes, ...): the upstream file.
      rules: clusterRoleRules(loadClusterRoleRules(KLUSTERLET_OPERATOR_ROLE_FILE)),
    },
    clusterRoleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name, labels: OWNED_LABELS },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ kind: "ServiceAccount", name, namespace }],
    },
    deployment: klusterletOperatorDeployment(p.registry, p.tag),
  };
}

/** The operator's Deployment as the chart renders it: one replica, spread over zones and hosts, locked down. */
function klusterletOperatorDeployment(registry: string, tag: string): DeploymentObject {
  const name = KLUSTERLET_OPERATOR;
  const app = { app: name };
  const antiAffinity = (topologyKey: string, weight: number) => ({
    weight,
    podAffinityTerm: {
      topologyKey,
      labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [name] }] },
    },
  });
  const healthz = { httpGet: { path: "/healthz", scheme: "HTTPS", port: 8443 }, initialDelaySeconds: 2 };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: KLUSTERLET_OPERATOR_NAMESPACE, labels: { ...app, ...OWNED_LABELS } },
    spec: {
      replicas: 1,
      selector: { matchLabels: app },
      template: {
        metadata: {
          annotations: {
            "target.workload.openshift.io/management": '{"effect": "PreferredDuringScheduling"}',
          },
          labels: app,
        },
        spec: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                antiAffinity("failure-domain.beta.kubernetes.io/zone", 70),
                antiAffinity("kubernetes.io/hostname", 30),
              ],
            },
          },
          serviceAccountName: name,
          securityContext: { runAsNonRoot: true },
          containers: [
            {
              name,
              image: ocmImage(registry, "registration-operator", tag),
              imagePullPolicy: "IfNotPresent",
              args: ["/registration-operator", "klusterlet"],
              env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
              },
              livenessProbe: { ...healthz, periodSeconds: 10 },
              readinessProbe: healthz,
              resources: { limits: { memory: "2Gi" }, requests: { cpu: "2m", memory: "16Mi" } },
              volumeMounts: [{ name: "tmpdir", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmpdir", emptyDir: {} }],
        },
      },
    },
  };
}

/**
 * The operator's objects as plain API objects in the order they are applied: the namespace first,
 * the Deployment last (the reverse, namespace aside, is the delete order).
 */
export function operatorApplyOrder(o: OperatorObjects): Record<string, unknown>[] {
  return [
    o.namespace,
    o.serviceAccount,
    o.clusterRole,
    o.clusterRoleBinding,
    o.deployment,
  ] as unknown as Record<string, unknown>[];
}

/** A Deployment as the probe sees it. */
export interface DeploymentLike {
  readonly metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  readonly spec?: {
    template?: { spec?: { containers?: { command?: string[]; args?: string[] }[] } };
  };
}

/**
 * A klusterlet operator, whoever installed it: `clusteradm join`'s own test (Deployment
 * `open-cluster-management/klusterlet`), or any Deployment whose container runs
 * `registration-operator klusterlet` (the chart, OLM or a hand install in another namespace).
 */
export function isKlusterletOperator(d: DeploymentLike): boolean {
  if (d.metadata?.name === KLUSTERLET_OPERATOR && d.metadata.namespace === KLUSTERLET_OPERATOR_NAMESPACE)
    return true;
  return (d.spec?.template?.spec?.containers ?? []).some((c) => {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const program = argv.findIndex((a) => /(^|\/)registration-operator$/.test(a));
    return program >= 0 && argv.slice(program + 1).includes("klusterlet");
  });
}

/** True when the library installed this operator (its label says so). */
export function installedByLibrary(d: DeploymentLike): boolean {
  return d.metadata?.labels?.[INSTALLED_BY_LABEL.key] === INSTALLED_BY_LABEL.value;
}

/** `<namespace>/<name>` of a Deployment. */
export function deploymentRef(d: DeploymentLike): string {
  return `${d.metadata?.namespace ?? ""}/${d.metadata?.name ?? ""}`;
}
