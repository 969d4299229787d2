/**
 * What every transport provider's inputs share: the bundle options as the planner takes them, and
 * the checks of the options, the set name and the ITS kubeconfig before anything is planned.
 */
import { kubeconfigServer, zodIssues } from "../../../kube";
import type { InputIssue } from "../../../kube";
import { bundleSetNameSchema } from "../../plan/coexistence";
import { bundleOptionsSchema } from "../../plan/options";
import type { BundleOptions } from "../../plan/options";
import type { PlanOptions } from "../../plan/plan";

export function planOptions(o: BundleOptions | undefined): PlanOptions {
  const opts = o ?? {};
  return {
    limits: {
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.maxObjects !== undefined ? { maxObjects: opts.maxObjects } : {}),
    },
    createOnly: opts.createOnly,
    serverSideApply: opts.serverSideApply,
    deleteOption:
      opts.deletePropagationPolicy === undefined
        ? undefined
        : { propagationPolicy: opts.deletePropagationPolicy, orphan: opts.orphan },
    feedback: opts.feedback,
    bindingName: opts.bindingName,
    wdsName: opts.wdsName,
    resourceOverrides: opts.resourceOverrides,
  };
}

/**
 * What every transport provider checks before it plans: the bundle options, the set name (under
 * `setNamePath`) and the ITS kubeconfig (never shown: it is a secret). Pure.
 */
export function transportInputIssues(
  inputs: { options?: BundleOptions; itsKubeconfig: string },
  setName: string,
  setNamePath: string,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const parsed = bundleOptionsSchema.safeParse(inputs.options ?? {});
  if (!parsed.success)
    issues.push(...zodIssues(parsed.error, inputs.options, "options", bundleOptionsSchema));
  const name = bundleSetNameSchema.safeParse(setName);
  if (!name.success) issues.push(...zodIssues(name.error, setName, setNamePath));
  if (kubeconfigServer(inputs.itsKubeconfig) === undefined) {
    issues.push({
      path: "itsKubeconfig",
      reason:
        "is not a kubeconfig with a current context and cluster server (the value is secret, so it is not shown)",
    });
  }
  return issues;
}
