/**
 * The CRUD logic of the `KlusterletOperator` dynamic resource: install the OCM klusterlet operator
 * on a WEC unless one is already there (`clusteradm join`'s rule, widened to any namespace), and
 * remove only what it installed. The WEC calls go through `ObjectClient`, so the logic is tested
 * against a fake and run against a real API server unchanged.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ObjectClient } from "../transport/delivery/shared/object-client";
import { makeObjectClient, refOf } from "../transport/delivery/shared/object-client";
import {
  buildKlusterletOperator,
  deploymentRef,
  installedByLibrary,
  isKlusterletOperator,
  KLUSTERLET_OPERATOR,
  KLUSTERLET_OPERATOR_NAMESPACE,
  operatorApplyOrder,
} from "./klusterlet-operator";
import type { DeploymentLike } from "./klusterlet-operator";
import { diffOwnInputs, OPERATOR_API, realProviderEnv } from "../kube";
import type { ProgressLog, ProviderEnv } from "../kube";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const KLUSTERLET_OPERATOR_PROVIDER_VERSION = "1";

export interface KlusterletOperatorInputs {
  /** Kubeconfig of the WEC (secret). */
  kubeconfig: string;
  /** The WEC's cluster name (messages and the resource id). */
  clusterName: string;
  /** Registry and tag of the operator image. */
  registry: string;
  tag: string;
  providerVersion: string;
}

export interface KlusterletOperatorOutputs extends KlusterletOperatorInputs {
  /** This resource installed the operator (and deletes it on destroy). */
  installed: boolean;
  /**
   * `<namespace>/<name>` of the operator Deployment that serves the WEC's Klusterlet: the one
   * installed here or the one found; "" when a refresh found none (the next up installs one).
   */
  operator: string;
  /** The operator namespace did not exist before this resource applied it. */
  createdNamespace: boolean;
}

/** Every klusterlet operator on the WEC. A kubeconfig that may not list Deployments cluster-wide gets clusteradm's own test. */
async function findOperators(client: ObjectClient): Promise<DeploymentLike[]> {
  let all: DeploymentLike[];
  try {
    all = await client.list("apps/v1", "Deployment", "");
  } catch {
    const named = await client.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace: KLUSTERLET_OPERATOR_NAMESPACE,
      name: KLUSTERLET_OPERATOR,
    });
    all = named === undefined ? [] : [named];
  }
  return all.filter(isKlusterletOperator);
}

/**
 * create/update: an operator someone else installed serves the Klusterlet as it is (never changed,
 * never a second one); otherwise the library's operator is applied (server-side, its own field
 * manager) and recorded as installed.
 */
export async function ensureKlusterletOperator(
  client: ObjectClient,
  inputs: KlusterletOperatorInputs,
  log: ProgressLog,
  previous?: Partial<KlusterletOperatorOutputs>,
): Promise<KlusterletOperatorOutputs> {
  const operators = await findOperators(client);
  const foreign = operators.filter((d) => !installedByLibrary(d));
  // Once installed here, it stays ours to update even if another operator appears later.
  if (foreign.length > 0 && previous?.installed !== true) {
    const found = deploymentRef(foreign[0]!);
    log(
      `WEC ${inputs.clusterName}: the klusterlet operator ${found} is already installed; not installing another`,
    );
    return { ...inputs, installed: false, operator: found, createdNamespace: false };
  }
  const objects = operatorApplyOrder(buildKlusterletOperator({ registry: inputs.registry, tag: inputs.tag }));
  const namespaceBefore = await client.get(refOf(objects[0]!));
  for (const obj of objects) await client.apply(obj);
  return {
    ...inputs,
    installed: true,
    operator: `${KLUSTERLET_OPERATOR_NAMESPACE}/${KLUSTERLET_OPERATOR}`,
    createdNamespace: previous?.createdNamespace === true || namespaceBefore === undefined,
  };
}

/**
 * delete: only what this resource installed, after the Klusterlet (the engine deletes the CR
 * first and the Kubernetes provider waits for the operator to release its finalizer). An operator
 * still needed by another Klusterlet on the WEC is kept. The namespace goes only if it was created
 * here and holds no other Deployment.
 */
export async function removeKlusterletOperator(
  client: ObjectClient,
  props: KlusterletOperatorOutputs,
  log: ProgressLog,
): Promise<void> {
  if (!props.installed) return;
  const remaining = await client.list(OPERATOR_API, "Klusterlet", "");
  if (remaining.length > 0) {
    const names = remaining.map((k) => refOf(k).name).join(", ");
    log(`WEC ${props.clusterName}: keeping the klusterlet operator, still needed by Klusterlet ${names}`);
    return;
  }
  const [namespace, ...owned] = operatorApplyOrder(
    buildKlusterletOperator({ registry: props.registry, tag: props.tag }),
  );
  for (const obj of owned.reverse()) await client.delete(refOf(obj));
  if (!props.createdNamespace) return;
  const others = await client.list("apps/v1", "Deployment", KLUSTERLET_OPERATOR_NAMESPACE);
  const left = others.filter((d) => refOf(d).name !== KLUSTERLET_OPERATOR);
  if (left.length > 0) {
    log(
      `WEC ${props.clusterName}: keeping namespace ${KLUSTERLET_OPERATOR_NAMESPACE}, it holds ${left
        .map((d) => refOf(d).name)
        .join(", ")}`,
    );
    return;
  }
  await client.delete(refOf(namespace!));
}

/** read (refresh): whether the recorded operator is still there; "" when none serves the Klusterlet. */
export async function readKlusterletOperator(
  client: ObjectClient,
  props: KlusterletOperatorOutputs,
): Promise<KlusterletOperatorOutputs> {
  const operators = await findOperators(client);
  const present = props.installed
    ? operators.find((d) => installedByLibrary(d) && deploymentRef(d) === props.operator)
    : (operators.find((d) => deploymentRef(d) === props.operator) ??
      operators.find((d) => !installedByLibrary(d)));
  return { ...props, operator: present === undefined ? "" : deploymentRef(present) };
}

/** diff: new images or credentials update in place (never a replace: that would delete the operator after re-creating it); a refresh that found no operator updates too. */
export function diffKlusterletOperator(
  olds: Partial<KlusterletOperatorOutputs>,
  news: KlusterletOperatorInputs,
): pulumi.dynamic.DiffResult {
  const own = diffOwnInputs(
    olds,
    news,
    ["kubeconfig", "clusterName", "registry", "tag", "providerVersion"],
    [],
  );
  // No operator found or installed last time: look again.
  return { ...own, changes: own.changes || olds.operator === "" };
}

/** check: every input a non-empty string (the component validates their contents first). */
export function checkKlusterletOperator(
  news: Partial<KlusterletOperatorInputs>,
): pulumi.dynamic.CheckResult<KlusterletOperatorInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const key of ["kubeconfig", "clusterName", "registry", "tag"] as const) {
    const value = news[key];
    if (typeof value !== "string" || value === "")
      failures.push({ property: key, reason: "must be a non-empty string" });
  }
  return failures.length > 0 ? { failures } : { inputs: news as KlusterletOperatorInputs };
}

const env: ProviderEnv<ObjectClient> = realProviderEnv(makeObjectClient);

/** The dynamic provider of `KlusterletOperator`. */
export const klusterletOperatorProvider: pulumi.dynamic.ResourceProvider<
  KlusterletOperatorInputs,
  KlusterletOperatorOutputs
> = {
  check: (_olds, news) => Promise.resolve(checkKlusterletOperator(news)),
  diff: (_id, olds, news) => Promise.resolve(diffKlusterletOperator(olds, news)),
  create: async (inputs) => ({
    id: `${inputs.clusterName}-klusterlet-operator`,
    outs: await ensureKlusterletOperator(env.client(inputs.kubeconfig), inputs, env.log),
  }),
  read: async (id, props) => ({
    id,
    props: await readKlusterletOperator(env.client(props!.kubeconfig), props!),
  }),
  update: async (_id, olds, news) => ({
    outs: await ensureKlusterletOperator(env.client(news.kubeconfig), news, env.log, olds),
  }),
  delete: (_id, props) => removeKlusterletOperator(env.client(props.kubeconfig), props, env.log),
};
