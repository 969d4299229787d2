import { PRESERVE_ANNOTATION } from "../../kube";
import type { KubeObject } from "./objects";

/**
 * Removes what the source cluster's API server populated, exactly as KubeStellar's transport
 * does before wrapping an object (`TransformObject` and the `filtering` package of
 * kubestellar/kubestellar `pkg/transport/generic`): metadata server fields, the
 * last-applied annotation and `status`, plus the Service and Job special cases. Go's
 * `unstructured` setters delete a field when given its zero value, and so does this.
 * `metadata.creationTimestamp` is deliberately kept: KubeStellar keeps it too.
 *
 * Pure: never touches `input`. Only the maps it edits are copied; the rest of the returned object
 * shares structure with `input`, so callers must treat both as immutable.
 */
export function sanitize(input: KubeObject): KubeObject {
  const meta = { ...input.metadata };
  if (meta.annotations !== undefined) meta.annotations = { ...meta.annotations };
  if (meta.labels !== undefined) meta.labels = { ...meta.labels };
  const obj: KubeObject = { ...input, metadata: meta };
  for (const field of [
    "managedFields",
    "finalizers",
    "generation",
    "ownerReferences",
    "selfLink",
    "resourceVersion",
    "uid",
    "generateName",
  ]) {
    delete meta[field];
  }
  if (meta.annotations !== undefined) {
    delete meta.annotations["kubectl.kubernetes.io/last-applied-configuration"];
  }
  delete obj.status;
  if (obj.apiVersion === "v1" && obj.kind === "Service") cleanService(obj);
  if (obj.apiVersion === "batch/v1" && obj.kind === "Job") cleanJob(obj);
  return obj;
}

type Mapping = Record<string, unknown>;

function asMapping(value: unknown): Mapping | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Mapping)
    : undefined;
}

/** A copy of `obj.spec` that the special cases may edit, or undefined when there is no spec. */
function ownSpec(obj: KubeObject): Mapping | undefined {
  const spec = asMapping(obj.spec);
  if (spec === undefined) return undefined;
  const copy = { ...spec };
  obj.spec = copy;
  return copy;
}

function cleanService(obj: KubeObject): void {
  const spec = ownSpec(obj);
  if (spec === undefined) return;
  for (const field of [
    "ipFamilies",
    "externalTrafficPolicy",
    "internalTrafficPolicy",
    "ipFamilyPolicy",
    "sessionAffinity",
  ]) {
    delete spec[field];
  }
  // Headless Services stay headless; any other cluster IP belongs to the source cluster.
  if (typeof spec.clusterIP === "string" && spec.clusterIP !== "None") delete spec.clusterIP;
  if (Array.isArray(spec.clusterIPs)) {
    const kept = spec.clusterIPs.filter((ip) => ip === "None");
    if (kept.length === 0) delete spec.clusterIPs;
    else spec.clusterIPs = kept;
  }
  // KubeStellar sets every port's nodePort to null (even where absent) unless asked to keep it.
  if (obj.metadata.annotations?.[PRESERVE_ANNOTATION] !== "nodeport" && Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((port: unknown) =>
      asMapping(port) === undefined ? port : { ...(port as Mapping), nodePort: null },
    );
  }
}

const JOB_CONTROLLER_LABELS = ["controller-uid", "batch.kubernetes.io/controller-uid"];

function cleanJob(obj: KubeObject): void {
  if (obj.metadata.annotations !== undefined) {
    delete obj.metadata.annotations["batch.kubernetes.io/job-tracking"];
  }
  for (const key of JOB_CONTROLLER_LABELS) {
    if (obj.metadata.labels !== undefined) delete obj.metadata.labels[key];
  }
  const spec = ownSpec(obj);
  if (spec === undefined) return;
  delete spec.selector;
  delete spec.suspend;
  const template = asMapping(spec.template);
  const templateMeta = asMapping(template?.metadata);
  const podLabels = asMapping(templateMeta?.labels);
  if (template !== undefined && templateMeta !== undefined && podLabels !== undefined) {
    const labels = { ...podLabels };
    for (const key of JOB_CONTROLLER_LABELS) delete labels[key];
    spec.template = { ...template, metadata: { ...templateMeta, labels } };
  }
}
