/**
 * Hub-side fan-out (`Delivery.HubFanOut`): a binding's workloads as OCM ManifestWorkReplicaSets
 * and Placements, so the hub's own controllers write the per-WEC ManifestWorks.
 *
 * Objects without templates are the same on every WEC: they go to one "shared" group whose
 * Placement selects WECs by the binding's label selectors, so the hub also serves a matching WEC
 * that joins later. Objects with templates (`control.kubestellar.io/expand-templates: "true"`)
 * are expanded per selected WEC, and WECs whose expansion is identical form one group whose
 * Placement names exactly its members. Group `0` is the shared group; templated groups are `1`,
 * `2`, ... and keep their number while most of their members stay. A set is named
 * `<set>-f<group>-<n>` and the hub names each WEC's ManifestWork after it. Pure.
 */
import type { InputIssue, LabelSelector } from "../../kube";
import {
  addIssues,
  BUNDLE_SET_LABEL,
  InputValidationError,
  MANIFEST_WORK_REPLICA_SET_API,
  PLACEMENT_API,
} from "../../kube";
import { contentHash } from "./bundle";
import { wantsExpansion } from "./expand";
import type { WecFacts } from "./wec-facts";
import { goJson } from "../go/go-json";
import type { DeliveredObject } from "../delivery/shared/hub-validation";
import type { BundlePlan, PlannedBundle, PlanOptions, PlanResult } from "./plan";
import { planBundles } from "./plan";
import { visibleManifests } from "./revisions";
import type { SecretBaseline } from "./revisions";

/** The label the hub work controller puts on each ManifestWork it writes: `<namespace>.<set>`. */

/** Kubernetes' limit on a label value, which `<namespace>.<set>` must fit. */
const LABEL_VALUE_MAX = 63;

/** The ManagedClusterSet every Placement draws from: the hub's `global` set holds every cluster. */
export const FANOUT_CLUSTER_SET = "global";

/**
 * Taints a Placement must tolerate to select a WEC whose agent is not (or no longer) reporting.
 * A per-WEC bundle is written whatever the WEC's state; the fan-out does the same.
 */
export const FANOUT_TOLERATED_TAINTS = [
  "cluster.open-cluster-management.io/unreachable",
  "cluster.open-cluster-management.io/unavailable",
] as const;

/** The group of objects without templates, placed by label selectors. */
export const SHARED_GROUP = "0";

/** One WEC the program knows, with what its templates expand from. */
/**
 * A WEC as a binding-wide transport resource receives it (the public name of `WecFacts`).
 * @privateRemarks `@useDeclaredType` here and `@inline` on `WecFacts` make the API reference list
 * the fields under this name, since `WecFacts` is not exported.
 * @useDeclaredType
 */
export type FanOutCluster = WecFacts;

/** A ManifestWorkReplicaSet in the plan: the bundle it carries, as a per-WEC plan records it. */
export interface FanOutSet extends PlannedBundle {
  /** Hash of the manifests as written, to tell a hand edit on refresh. */
  readonly manifestsHash: string;
}

/**
 * One group of a fan-out: a Placement that picks its WECs and the ManifestWorkReplicaSets that
 * carry its objects to them. Group `0` holds the objects without templates; every other group holds
 * the templated objects as expanded for its members.
 */
export interface FanOutGroupPlan {
  /** The Placement's name. */
  readonly placement: string;
  /** Hash of the Placement's spec as written. */
  readonly placementHash: string;
  /** The WECs of a templated group; the shared group's WECs are whatever its Placement selects. */
  readonly members?: readonly string[];
  /** ManifestWorkReplicaSet name (the ManifestWork name on each WEC) → what it holds. */
  readonly sets: Readonly<Record<string, FanOutSet>>;
}

/** Group key → group. Keys sorted, so equal plans serialize identically. */
export type FanOutPlan = Readonly<Record<string, FanOutGroupPlan>>;

export interface FanOutPlanInput {
  /** The binding's set name. */
  readonly setName: string;
  /** Hub namespace of the sets and Placements. */
  readonly namespace: string;
  readonly clusterSelectors: readonly LabelSelector[];
  /** The selected WECs the program knows: templated objects are expanded for each. */
  readonly clusters: readonly WecFacts[];
  readonly objects: readonly unknown[];
  readonly paths: readonly string[];
  readonly options?: PlanOptions;
  readonly previous?: FanOutPlan;
  /** Per group, what the Secrets of `previous` were (see `PlanInput.secretBaseline`). */
  readonly secretBaseline?: "recorded" | Readonly<Record<string, SecretBaseline>>;
}

export interface FanOutPlanResult {
  readonly plan: FanOutPlan;
  /** Placements then ManifestWorkReplicaSets to apply, per group, in plan order. */
  readonly placements: readonly Record<string, unknown>[];
  readonly sets: readonly Record<string, unknown>[];
  readonly objectCount: number;
  /** Σ size of the objects that are not Secrets, over every group (what the outputs show). */
  readonly totalBytes: number;
  /** Group → Secret id → content hash: the next plan's baseline. In memory only, never recorded. */
  readonly secretContent: Readonly<Record<string, ReadonlyMap<string, string>>>;
  /** Every object as the WECs receive it, for the hub's dry-run at preview. */
  readonly delivered: readonly DeliveredObject[];
}

export function fanOutGroupName(setName: string, group: string): string {
  return `${setName}-f${group}`;
}

function placementSpec(predicates: Record<string, unknown>[]): Record<string, unknown> {
  return {
    clusterSets: [FANOUT_CLUSTER_SET],
    predicates,
    tolerations: FANOUT_TOLERATED_TAINTS.map((key) => ({ key, operator: "Exists" })),
  };
}

/** A CEL string literal: single-quoted, with `\` and `'` escaped (WEC names are DNS labels anyway). */
function celString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function sharedPredicates(selectors: readonly LabelSelector[]): Record<string, unknown>[] {
  return selectors.map((labelSelector) => ({ requiredClusterSelector: { labelSelector } }));
}

function memberPredicates(members: readonly string[]): Record<string, unknown>[] {
  const list = members.map(celString).join(", ");
  return [
    {
      requiredClusterSelector: {
        celSelector: { celExpressions: [`managedCluster.metadata.name in [${list}]`] },
      },
    },
  ];
}

/**
 * Numbers templated groups: a group takes the previous number it shares most members with
 * (largest overlap first), new groups the lowest free number from 1.
 */
export function assignGroupKeys(
  groups: readonly (readonly string[])[],
  previous: FanOutPlan | undefined,
): string[] {
  const prev = Object.entries(previous ?? {}).filter(([k, g]) => k !== SHARED_GROUP && g.members);
  const candidates: { group: number; key: string; overlap: number }[] = [];
  groups.forEach((members, group) => {
    const set = new Set(members);
    for (const [key, g] of prev) {
      const overlap = (g.members ?? []).filter((m) => set.has(m)).length;
      if (overlap > 0) candidates.push({ group, key, overlap });
    }
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.group - b.group || Number(a.key) - Number(b.key));
  const keys: (string | undefined)[] = groups.map(() => undefined);
  const taken = new Set<string>();
  for (const c of candidates) {
    if (keys[c.group] !== undefined || taken.has(c.key)) continue;
    keys[c.group] = c.key;
    taken.add(c.key);
  }
  let next = 1;
  return keys.map((k) => {
    if (k !== undefined) return k;
    while (taken.has(String(next))) next++;
    taken.add(String(next));
    return String(next);
  });
}

interface GroupDraft {
  readonly key: string;
  readonly members?: readonly string[];
  readonly cluster: WecFacts;
  readonly objects: readonly unknown[];
  readonly paths: readonly string[];
  readonly predicates: Record<string, unknown>[];
}

/** Workload objects split by whether they opted in to templates, each with its source path. */
interface ObjectPart {
  objects: unknown[];
  paths: string[];
}

/** Plans one group's objects for one WEC's facts; undefined (problems collected) when they fail. */
type GroupPlanner = (
  setName: string,
  cluster: WecFacts,
  objects: readonly unknown[],
  paths: readonly string[],
  previous?: BundlePlan,
  secretBaseline?: SecretBaseline,
) => PlanResult | undefined;

/**
 * The groups of a fan-out: the shared group (objects without templates, placed by the label
 * selectors) and one group per distinct expansion of the templated objects over the known WECs
 * (WECs that would receive the same content share a group, placed by their names).
 */
function groupDrafts(
  input: FanOutPlanInput,
  shared: ObjectPart,
  templated: ObjectPart,
  plan: GroupPlanner,
): GroupDraft[] {
  const drafts: GroupDraft[] = [];
  // An empty selector list selects nothing (as a BindingPolicy's does); a Placement without
  // predicates would select every cluster, so the shared group is left out instead.
  if (shared.objects.length > 0 && input.clusterSelectors.length > 0) {
    drafts.push({
      key: SHARED_GROUP,
      // Shared objects have no templates, so no WEC's facts reach them: the set name stands in.
      cluster: { name: input.setName },
      ...shared,
      predicates: sharedPredicates(input.clusterSelectors),
    });
  }
  if (templated.objects.length > 0 && input.clusters.length > 0) {
    // Expand once per WEC and group WECs by what they would receive.
    const byContent = new Map<string, WecFacts[]>();
    for (const cluster of [...input.clusters].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = plan(input.setName, cluster, templated.objects, templated.paths);
      if (r === undefined) continue;
      // Secrets have no previous revision here, so they are told apart by content (in memory).
      const key = goJson([Object.values(r.plan).map((b) => [b.key, b.hash]), [...r.secretContent]]);
      const group = byContent.get(key);
      if (group === undefined) byContent.set(key, [cluster]);
      else group.push(cluster);
    }
    const groups = [...byContent.values()];
    const keys = assignGroupKeys(
      groups.map((g) => g.map((c) => c.name)),
      input.previous,
    );
    groups.forEach((g, i) => {
      const members = g.map((c) => c.name);
      drafts.push({
        key: keys[i]!,
        members,
        cluster: g[0]!,
        ...templated,
        predicates: memberPredicates(members),
      });
    });
  }
  return drafts;
}

/** A ManifestWorkReplicaSet carrying one planned ManifestWork's template to the WECs `placement` selects. */
function buildManifestWorkReplicaSet(
  work: Record<string, unknown>,
  namespace: string,
  setName: string,
  placement: string,
): Record<string, unknown> {
  const meta = work.metadata as {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  return {
    apiVersion: MANIFEST_WORK_REPLICA_SET_API,
    kind: "ManifestWorkReplicaSet",
    metadata: {
      name: meta.name,
      namespace,
      labels: { ...meta.labels, [BUNDLE_SET_LABEL]: setName },
      annotations: meta.annotations,
    },
    spec: {
      placementRefs: [{ name: placement, rolloutStrategy: { type: "All" } }],
      manifestWorkTemplate: work.spec,
    },
  };
}

/** The Placement of one group. */
function buildPlacement(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
): Record<string, unknown> {
  return { apiVersion: PLACEMENT_API, kind: "Placement", metadata: { name, namespace }, spec };
}

/**
 * One group's ManifestWorks as ManifestWorkReplicaSets (pushed to `sets`) and their plan entries.
 * A set whose ManifestWork label the hub would write over Kubernetes' label-value limit is an
 * issue instead.
 */
function groupSets(
  input: FanOutPlanInput,
  groupName: string,
  r: PlanResult,
  issues: InputIssue[],
  sets: Record<string, unknown>[],
): Record<string, FanOutSet> {
  const planned: Record<string, FanOutSet> = {};
  for (const work of r.works) {
    const meta = work.metadata as { name: string };
    const labelValue = `${input.namespace}.${meta.name}`;
    if (labelValue.length > LABEL_VALUE_MAX) {
      issues.push({
        path: "name",
        reason: `with delivery HubFanOut the hub labels each ManifestWork "${labelValue}" (<namespace>.<set>, ${labelValue.length} characters), over Kubernetes' ${LABEL_VALUE_MAX}-character label value limit; shorten the binding name or fanOutNamespace`,
      });
      continue;
    }
    const template = work.spec as { workload: { manifests: unknown[] } };
    sets.push(buildManifestWorkReplicaSet(work, input.namespace, input.setName, groupName));
    planned[meta.name] = {
      ...r.plan[meta.name]!,
      manifestsHash: contentHash(
        goJson(visibleManifests(template.workload.manifests, r.plan[meta.name]!.objects)),
      ),
    };
  }
  return planned;
}

/**
 * Plans the fan-out of one binding. Throws one `InputValidationError` listing every problem
 * (object, template and name-length problems of every group), so nothing is applied.
 */
export function planFanOut(input: FanOutPlanInput): FanOutPlanResult {
  const issues: InputIssue[] = [];
  const shared: ObjectPart = { objects: [], paths: [] };
  const templated: ObjectPart = { objects: [], paths: [] };
  input.objects.forEach((o, i) => {
    const part = wantsExpansion(o) ? templated : shared;
    part.objects.push(o);
    part.paths.push(input.paths[i] ?? `workloads[${i}]`);
  });
  const plan: GroupPlanner = (setName, cluster, objects, paths, previous, secretBaseline) => {
    try {
      return planBundles({
        setName,
        clusterName: cluster.name,
        objects,
        paths,
        options: input.options,
        properties: { labels: cluster.labels, annotations: cluster.annotations, data: cluster.properties },
        previous,
        secretBaseline,
      });
    } catch (err) {
      if (!(err instanceof InputValidationError)) throw err;
      addIssues(issues, err.issues);
      return undefined;
    }
  };

  const drafts = groupDrafts(input, shared, templated, plan);

  const groups: Record<string, FanOutGroupPlan> = {};
  const placements: Record<string, unknown>[] = [];
  const sets: Record<string, unknown>[] = [];
  const secretContent: Record<string, ReadonlyMap<string, string>> = {};
  const delivered: DeliveredObject[] = [];
  let objectCount = 0;
  let totalBytes = 0;
  for (const d of drafts.sort((a, b) => Number(a.key) - Number(b.key))) {
    const groupName = fanOutGroupName(input.setName, d.key);
    const baseline = input.secretBaseline === "recorded" ? "recorded" : input.secretBaseline?.[d.key];
    const r = plan(groupName, d.cluster, d.objects, d.paths, input.previous?.[d.key]?.sets, baseline);
    if (r === undefined) continue;
    secretContent[d.key] = r.secretContent;
    for (const d of r.delivered)
      delivered.push({
        ...d,
        where: `the WECs Placement "${groupName}" selects`,
        target: `${input.setName}/placement-${groupName}`,
      });
    objectCount += r.objectCount;
    totalBytes += r.visibleTotalBytes;
    const spec = placementSpec(d.predicates);
    const planned = groupSets(input, groupName, r, issues, sets);
    placements.push(buildPlacement(groupName, input.namespace, spec));
    groups[d.key] = {
      placement: groupName,
      placementHash: contentHash(goJson(spec)),
      ...(d.members === undefined ? {} : { members: [...d.members] }),
      sets: planned,
    };
  }
  if (issues.length > 0) throw new InputValidationError(`fan-out of "${input.setName}"`, issues);
  return { plan: groups, placements, sets, objectCount, totalBytes, secretContent, delivered };
}
