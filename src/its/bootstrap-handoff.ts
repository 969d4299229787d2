/**
 * The KubeFlex bootstrap Secret of an `external` ITS, as a hand-off rather than a managed
 * object. KubeFlex reads the Secret once, mints its own kubeconfig for the ControlPlane
 * (`status.secretRef`) and deletes the Secret (kubeflex v0.9.3,
 * pkg/reconcilers/external/kubeconfig.go). Managed as a plain Secret it drifted on every
 * refresh and was written again by the next `up`, where it then stayed, a credential nothing
 * reads. Here the Secret is written only until KubeFlex has adopted the ControlPlane; once
 * adopted, its absence is the expected state, not drift.
 *
 * Pure: the hosting cluster is reached through `HandoffClient` (bootstrap-handoff-provider.ts
 * has the real one), so the logic is tested against a fake.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffOwnInputs } from "../kube";

/** Bump on purpose when the provider logic changes; `diff` ignores `__provider` churn. */
export const BOOTSTRAP_HANDOFF_PROVIDER_VERSION = "1";

/** Inputs (and outputs) of `KubeFlexBootstrapSecret`. */
export interface HandoffInputs {
  /** Kubeconfig of the hosting cluster (secret). */
  hostingKubeconfig: string;
  /** The ControlPlane that adopts the ITS. */
  controlPlaneName: string;
  /** Where the bootstrap Secret goes, and the key of the kubeconfig in it. */
  secretName: string;
  secretNamespace: string;
  key: string;
  /** The ITS kubeconfig as seen from inside the hosting cluster (secret). */
  kubeconfig: string;
  providerVersion: string;
}

/** The few hosting-cluster calls the hand-off makes. */
export interface HandoffClient {
  /** `status.secretRef` of the ControlPlane is set: KubeFlex adopted it. False when it is missing. */
  adopted(controlPlaneName: string): Promise<boolean>;
  /** Creates or replaces the Secret with `data[key] = kubeconfig`. */
  writeSecret(namespace: string, name: string, key: string, kubeconfig: string): Promise<void>;
  secretExists(namespace: string, name: string): Promise<boolean>;
  /** Deletes the Secret; a missing one is not an error. */
  deleteSecret(namespace: string, name: string): Promise<void>;
}

/** create and update: write the Secret unless KubeFlex already adopted the ControlPlane. */
export async function handOff(client: HandoffClient, inputs: HandoffInputs): Promise<HandoffInputs> {
  if (!(await client.adopted(inputs.controlPlaneName))) {
    await client.writeSecret(inputs.secretNamespace, inputs.secretName, inputs.key, inputs.kubeconfig);
  }
  return inputs;
}

/**
 * refresh: the resource still exists while the Secret does or once KubeFlex adopted the
 * ControlPlane (and deleted the Secret, as it does); a Secret gone before adoption is drift,
 * reported as a deleted resource so the next `up` writes it again.
 */
export async function readHandoff(
  client: HandoffClient,
  id: string,
  props: HandoffInputs,
): Promise<{ id: string; props: Partial<HandoffInputs> }> {
  const present =
    (await client.secretExists(props.secretNamespace, props.secretName)) ||
    (await client.adopted(props.controlPlaneName));
  // An empty id tells the engine the resource is gone.
  return present ? { id, props } : { id: "", props: {} };
}

/** diff: the Secret's place moves it (replace); new contents are written in place. */
export function diffHandoff(olds: Partial<HandoffInputs>, news: HandoffInputs): pulumi.dynamic.DiffResult {
  return diffOwnInputs(
    olds,
    news,
    [
      "hostingKubeconfig",
      "controlPlaneName",
      "secretName",
      "secretNamespace",
      "key",
      "kubeconfig",
      "providerVersion",
    ],
    ["controlPlaneName", "secretName", "secretNamespace"],
  );
}

/** The id of the hand-off: where its Secret goes. */
export function handoffId(inputs: Pick<HandoffInputs, "secretNamespace" | "secretName">): string {
  return `${inputs.secretNamespace}/${inputs.secretName}`;
}
