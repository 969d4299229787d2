import type { DeletePropagationPolicy, FeedbackRuleType } from "./enums";
import { MANIFEST_WORK_API } from "../../kube";
import type { KubeObject } from "./objects";
import { identityOf } from "./objects";

/** Picks objects by identity; an omitted field matches anything. */
export interface ObjectSelector {
  /** API group ("" is the core group). @default any group */
  group?: string;
  /** Kind, e.g. `Deployment`. @default any kind */
  kind?: string;
  /** Namespace ("" for cluster-scoped objects). @default any namespace */
  namespace?: string;
  /** Object name. @default any name */
  name?: string;
}

/** One `feedbackRules[].jsonPaths[]` entry: a value the work agent reports back. */
export interface JsonPathFeedback {
  /** Name the value is reported under. */
  name: string;
  /** k8s JSONPath over the whole object, e.g. `.status.readyReplicas`. */
  path: string;
  /** API version to read the object at. @default the manifest's version */
  version?: string;
}

/** Status feedback wanted from the objects a selector picks. */
export interface FeedbackRule {
  /** Which objects the rule applies to. */
  selector: ObjectSelector;
  /** `WellKnownStatus` (Deployment, DaemonSet, Job, Pod only) or `JSONPaths`. */
  type: FeedbackRuleType;
  /** Paths for `JSONPaths` rules. @default [] */
  jsonPaths?: JsonPathFeedback[];
}

/** Server-side apply settings for the OCM work agent. */
export interface ServerSideApplyArgs {
  /** Take ownership of conflicting fields. @default false */
  force?: boolean;
  /** Field manager on the WEC; OCM requires the `work-agent` prefix. @default "work-agent" */
  fieldManager?: string;
}

/** Per-object apply and feedback settings of a bundle, mapped onto `manifestConfigs`. */
export interface ManifestConfigOptions {
  /** Objects the agent creates once and never updates (`updateStrategy: CreateOnly`). @default [] */
  createOnly?: ObjectSelector[];
  /** Apply every other object with server-side apply. @default - the agent's `Update` strategy */
  serverSideApply?: Required<ServerSideApplyArgs>;
  /** Status feedback rules. @default [] */
  feedback?: FeedbackRule[];
}

/** `ManifestWork.spec.deleteOption`: what the work agent does with the objects when a bundle is deleted. */
export interface DeleteOptionInput {
  /** Delete the objects (`Foreground`), leave them all (`Orphan`) or leave those in `orphan`. */
  readonly propagationPolicy: DeletePropagationPolicy;
  /** For `SelectivelyOrphan`: the objects left on the WEC when the bundle is deleted. */
  readonly orphan?: readonly ObjectSelector[];
}

export function selectsObject(sel: ObjectSelector, obj: KubeObject): boolean {
  const id = identityOf(obj);
  return (
    (sel.group === undefined || sel.group === id.group) &&
    (sel.kind === undefined || sel.kind === id.kind) &&
    (sel.namespace === undefined || sel.namespace === id.namespace) &&
    (sel.name === undefined || sel.name === id.name)
  );
}

function resourceIdentifier(obj: KubeObject, resourceOf: (group: string, kind: string) => string) {
  const id = identityOf(obj);
  return { group: id.group, resource: resourceOf(id.group, id.kind), namespace: id.namespace, name: id.name };
}

/** The `manifestConfigs` for a list of manifests; objects that need nothing special get no entry. */
export function buildManifestConfigs(
  manifests: readonly KubeObject[],
  opts: ManifestConfigOptions,
  resourceOf: (group: string, kind: string) => string,
): Record<string, unknown>[] {
  const configs: Record<string, unknown>[] = [];
  for (const obj of manifests) {
    const config: Record<string, unknown> = {};
    if ((opts.createOnly ?? []).some((s) => selectsObject(s, obj))) {
      config.updateStrategy = { type: "CreateOnly" };
    } else if (opts.serverSideApply !== undefined) {
      config.updateStrategy = {
        type: "ServerSideApply",
        serverSideApply: {
          force: opts.serverSideApply.force,
          fieldManager: opts.serverSideApply.fieldManager,
        },
      };
    }
    const rules = (opts.feedback ?? []).filter((r) => selectsObject(r.selector, obj));
    if (rules.length > 0) {
      const wellKnown = rules.some((r) => r.type === "WellKnownStatus");
      const paths = new Map<string, JsonPathFeedback>();
      for (const r of rules) for (const p of r.jsonPaths ?? []) if (!paths.has(p.name)) paths.set(p.name, p);
      const feedbackRules: Record<string, unknown>[] = [];
      if (wellKnown) feedbackRules.push({ type: "WellKnownStatus" });
      if (paths.size > 0) {
        feedbackRules.push({
          type: "JSONPaths",
          jsonPaths: [...paths.values()].map((p) =>
            p.version === undefined
              ? { name: p.name, path: p.path }
              : { name: p.name, path: p.path, version: p.version },
          ),
        });
      }
      config.feedbackRules = feedbackRules;
    }
    if (Object.keys(config).length > 0)
      configs.push({ resourceIdentifier: resourceIdentifier(obj, resourceOf), ...config });
  }
  return configs;
}

export interface ManifestWorkInput {
  readonly name: string;
  /** The WEC's mailbox namespace (= ManagedCluster name). */
  readonly namespace: string;
  readonly manifests: readonly KubeObject[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly manifestConfigs?: readonly Record<string, unknown>[];
  readonly deleteOption?: DeleteOptionInput;
  readonly resourceOf: (group: string, kind: string) => string;
}

/**
 * A `work.open-cluster-management.io/v1` ManifestWork carrying `manifests` in order. The manifests
 * are referenced, not copied: callers pass objects they own (the planner's sanitized copies).
 */
export function buildManifestWork(p: ManifestWorkInput): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    workload: { manifests: [...p.manifests] },
  };
  if (p.manifestConfigs !== undefined && p.manifestConfigs.length > 0)
    spec.manifestConfigs = p.manifestConfigs;
  if (p.deleteOption !== undefined) {
    const deleteOption: Record<string, unknown> = { propagationPolicy: p.deleteOption.propagationPolicy };
    if (p.deleteOption.propagationPolicy === "SelectivelyOrphan") {
      const orphaned = p.manifests.filter((m) =>
        (p.deleteOption?.orphan ?? []).some((s) => selectsObject(s, m)),
      );
      deleteOption.selectivelyOrphans = {
        orphaningRules: orphaned.map((m) => resourceIdentifier(m, p.resourceOf)),
      };
    }
    spec.deleteOption = deleteOption;
  }
  const metadata: Record<string, unknown> = { name: p.name, namespace: p.namespace };
  if (p.labels !== undefined) metadata.labels = { ...p.labels };
  if (p.annotations !== undefined) metadata.annotations = { ...p.annotations };
  return { apiVersion: MANIFEST_WORK_API, kind: "ManifestWork", metadata, spec };
}
