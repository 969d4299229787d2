import type {
  DeleteOptionInput,
  ManifestConfigOptions,
  ObjectSelector,
  ServerSideApplyArgs,
} from "./manifest-work";
import { buildManifestConfigs, buildManifestWork } from "./manifest-work";
import type { InputIssue } from "../../kube";
import {
  BUNDLE_HASH_ANNOTATION,
  BUNDLE_SET_LABEL,
  InputValidationError,
  mailboxNamespace,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ORIGIN_BINDING_LABEL,
  ORIGIN_GENERATION_ANNOTATION,
  ORIGIN_WDS_LABEL,
  toDnsLabel,
} from "../../kube";
import type { BundleLimits, PreviousBundle } from "./bundle";
import { contentHash, DEFAULT_BUNDLE_LIMITS, packBundles, toBundleItems } from "./bundle";
import { BUNDLE_OPTION_DEFAULTS, SERVER_SIDE_APPLY_DEFAULTS } from "./defaults";
import type { ClusterPropertySources } from "./expand";
import { clusterProperties, expandObject, wantsExpansion } from "./expand";
import { goJson } from "../go/go-json";
import type { KubeObject } from "./objects";
import { checkWorkloadObject, identityKey, identityOf } from "./objects";
import { resourceResolver } from "./resources";
import type { DeliveredObject } from "../delivery/shared/hub-validation";
import type { SecretBaseline } from "./revisions";
import { sanitize } from "./sanitize";

/** What the plan records about one ManifestWork: enough to show a reviewer what changes. */
export interface PlannedBundle {
  /** Stable shard key inside the set (`0`, `1`, ...); never renumbered. */
  readonly key: string;
  /** Hash of the ManifestWork spec: it changes exactly when the bundle is rewritten. */
  readonly hash: string;
  /**
   * Σ manifest size as the OCM webhook counts it, Secrets not counted: a Secret's size is part of
   * its content (it would tell a value's length), and the plan shows nothing of that.
   */
  readonly bytes: number;
  /** Bumped each time the bundle's content changes (KubeStellar's generation annotation). */
  readonly generation: number;
  /** `group/kind/namespace/name` → object content hash. */
  readonly objects: Readonly<Record<string, string>>;
}

/** ManifestWork name → what it holds. Keys sorted, so equal plans serialize identically. */
export type BundlePlan = Readonly<Record<string, PlannedBundle>>;

/**
 * The bundle options as `planBundles` takes them: `BundleOptions` with `maxBytes` and
 * `maxObjects` gathered in `limits`, and the delete policy and its orphans in `deleteOption`.
 * `planBundles` does not validate them (the components and the providers' `check` do, before planning),
 * so give values those rules accept.
 */
export interface PlanOptions {
  /**
   * How big one ManifestWork may get; a limit left out keeps its default.
   * @default - the `BundleOptionsArgs` defaults: `maxBytes` 512000, `maxObjects` 500
   */
  readonly limits?: Partial<BundleLimits>;
  /** Objects the work agent creates once and never updates (`CreateOnly`). @default [] */
  readonly createOnly?: readonly ObjectSelector[];
  /** Apply every other object with server-side apply. @default - the agent's `Update` strategy */
  readonly serverSideApply?: ServerSideApplyArgs;
  /**
   * `spec.deleteOption` of every ManifestWork. Left out, none is written and the work agent
   * deletes in the foreground, so existing ManifestWorks keep their hash.
   * @default - none
   */
  readonly deleteOption?: DeleteOptionInput;
  /** Status feedback rules. @default [] */
  readonly feedback?: ManifestConfigOptions["feedback"];
  /** `transport.kubestellar.io/originOwnerReferenceBindingKey` label value. @default - the set name */
  readonly bindingName?: string;
  /** `transport.kubestellar.io/originWdsName` label value. @default "kubestellar-its" */
  readonly wdsName?: string;
  /** Plural resource names for kinds the library cannot know, keyed `group/Kind`. @default {} */
  readonly resourceOverrides?: Readonly<Record<string, string>>;
}

/** What `planBundles` plans: one WEC's workloads, its template properties and the previous plan. */
export interface PlanInput {
  /** WEC-independent name of the bundle set; ManifestWorks are `<set>-<key>`. */
  readonly setName: string;
  /** The WEC; its mailbox namespace has the same name. */
  readonly clusterName: string;
  /** Raw workload objects (validated here). */
  readonly objects: readonly unknown[];
  /** Where each object came from, for messages. @default `workloads[i]` */
  readonly paths?: readonly string[];
  /** How the bundles are limited and what their ManifestWorks say. @default {} */
  readonly options?: PlanOptions;
  /** Template property sources of the WEC (labels, annotations, ConfigMap data). */
  readonly properties?: Omit<ClusterPropertySources, "clusterName">;
  /** The plan recorded by the previous run, to keep objects where they were. */
  readonly previous?: BundlePlan;
  /** What the Secrets of `previous` were, to keep or move their revisions. @default unknown: moved */
  readonly secretBaseline?: SecretBaseline;
}

/** What `planBundles` gives: the plan to record, the ManifestWorks to apply, and their sizes. */
export interface PlanResult {
  /** What to record, and what the next run passes back as `previous`. */
  readonly plan: BundlePlan;
  /** The ManifestWorks to apply, in plan order. */
  readonly works: readonly Record<string, unknown>[];
  /** How many workload objects the ManifestWorks hold together. */
  readonly objectCount: number;
  /** Σ size of every object (in memory: packing bounds, benchmarks). */
  readonly totalBytes: number;
  /** Σ size of the objects that are not Secrets: what outputs and state may show (see `bytes`). */
  readonly visibleTotalBytes: number;
  /** Secret id → content hash: the baseline of the next plan. In memory only, never recorded. */
  readonly secretContent: ReadonlyMap<string, string>;
  /** Ids of the objects expanded from templates for this WEC (their content may differ per WEC). */
  readonly templatedIds: readonly string[];
  /** Every object as the WEC receives it, with where it came from: what the hub dry-runs at preview. */
  readonly delivered: readonly DeliveredObject[];
}

/**
 * The name of bundle `key` of set `setName`: `<setName>-<key>`, or, when that is not a DNS label
 * of at most 63 characters, a cleaned and cut form of it ending in a hash (`toDnsLabel`), so every
 * ManifestWork name is valid and the same inputs always give the same name.
 */
export function bundleName(setName: string, key: string): string {
  return toDnsLabel([setName, key]);
}

/**
 * Validates, sanitizes and expands workloads for one WEC, packs them into bundles and builds the
 * ManifestWorks. Throws one `InputValidationError` listing every problem, so nothing is applied
 * while any object is wrong.
 */
export function planBundles(input: PlanInput): PlanResult {
  const namespace = mailboxNamespace(input.clusterName, "clusterName");
  const limits: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, ...(input.options?.limits ?? {}) };
  const { objects, paths, templated, issues } = objectsForWec(input);
  const previousHashes = new Map(
    Object.values(input.previous ?? {}).flatMap((b) => Object.entries(b.objects)),
  );
  const { items, issues: itemIssues } = toBundleItems(
    objects,
    limits,
    paths,
    previousHashes,
    input.secretBaseline,
  );
  issues.push(...itemIssues);
  if (issues.length > 0) throw new InputValidationError(`workloads for WEC "${input.clusterName}"`, issues);

  const previous: PreviousBundle[] = Object.values(input.previous ?? {}).map((b) => ({
    key: b.key,
    objects: b.objects,
  }));
  const packed = packBundles(items, limits, previous);
  const context: WorkContext = {
    input,
    namespace,
    resourceOf: resourceResolver(objects, input.options?.resourceOverrides),
    configOptions: manifestConfigOptions(input.options ?? {}),
    previousByKey: new Map(Object.values(input.previous ?? {}).map((b) => [b.key, b])),
  };
  const plan: Record<string, PlannedBundle> = {};
  const works: Record<string, unknown>[] = [];
  for (const bundle of packed) {
    const { name, planned, work } = bundleWork(context, bundle);
    plan[name] = planned;
    works.push(work);
  }
  const sortedPlan: Record<string, PlannedBundle> = {};
  for (const name of Object.keys(plan).sort()) sortedPlan[name] = plan[name]!;
  const sourceById = new Map(objects.map((o, i) => [identityKey(identityOf(o)), paths[i]!]));
  return {
    plan: sortedPlan,
    works,
    objectCount: items.length,
    totalBytes: items.reduce((s, i) => s + i.bytes, 0),
    visibleTotalBytes: visibleBytes(items),
    secretContent: new Map(
      items.flatMap((i) => (i.secretContent === undefined ? [] : [[i.id, i.secretContent]])),
    ),
    templatedIds: objects.flatMap((o, i) => (templated[i] ? [identityKey(identityOf(o))] : [])),
    delivered: items.map((i) => ({
      where: `WEC "${input.clusterName}"`,
      target: `${input.setName}/${input.clusterName}`,
      object: i.object,
      source: sourceById.get(i.id) ?? "workloads",
      content: i.content,
    })),
  };
}

/**
 * Each workload as this WEC receives it, with its source path, and every problem found. An
 * object that opts into templates is judged as expanded for this WEC (KubeStellar expands every
 * string of it, its name, namespace and labels too); any other as given.
 */
function objectsForWec(input: PlanInput): {
  objects: KubeObject[];
  paths: string[];
  templated: boolean[];
  issues: InputIssue[];
} {
  const props = clusterProperties({ clusterName: input.clusterName, ...(input.properties ?? {}) });
  const issues: InputIssue[] = [];
  const objects: KubeObject[] = [];
  const paths: string[] = [];
  const templatedFlags: boolean[] = [];
  input.objects.forEach((raw, i) => {
    const path = input.paths?.[i] ?? `workloads[${i}]`;
    const templated = wantsExpansion(raw);
    const asGiven = templated ? [] : checkWorkloadObject(raw, path);
    if (asGiven.length > 0) {
      issues.push(...asGiven);
      return;
    }
    const expanded = expandObject(sanitize(raw as KubeObject), props, path);
    const problems =
      expanded.issues.length > 0
        ? expanded.issues
        : templated
          ? checkWorkloadObject(expanded.object, path)
          : [];
    if (problems.length > 0) {
      issues.push(...problems);
      return;
    }
    objects.push(expanded.object);
    paths.push(path);
    templatedFlags.push(templated);
  });
  return { objects, paths, templated: templatedFlags, issues };
}

/** The per-manifest options every ManifestWork of the plan carries, defaults applied. */
function manifestConfigOptions(opts: PlanOptions): ManifestConfigOptions {
  return {
    createOnly: [...(opts.createOnly ?? [])],
    serverSideApply:
      opts.serverSideApply === undefined
        ? undefined
        : {
            force: opts.serverSideApply.force ?? SERVER_SIDE_APPLY_DEFAULTS.force,
            fieldManager: opts.serverSideApply.fieldManager ?? SERVER_SIDE_APPLY_DEFAULTS.fieldManager,
          },
    feedback: [...(opts.feedback ?? [])],
  };
}

/** What every bundle's ManifestWork is built from. */
interface WorkContext {
  readonly input: PlanInput;
  readonly namespace: string;
  readonly resourceOf: ReturnType<typeof resourceResolver>;
  readonly configOptions: ManifestConfigOptions;
  readonly previousByKey: ReadonlyMap<string, PlannedBundle>;
}

/** One packed bundle's ManifestWork and its plan entry; the generation moves when the spec does. */
function bundleWork(
  context: WorkContext,
  bundle: ReturnType<typeof packBundles>[number],
): { name: string; planned: PlannedBundle; work: Record<string, unknown> } {
  const { input, namespace, resourceOf, configOptions, previousByKey } = context;
  const opts = input.options ?? {};
  const name = bundleName(input.setName, bundle.key);
  const manifests = bundle.items.map((i) => i.object);
  const manifestConfigs = buildManifestConfigs(manifests, configOptions, resourceOf);
  // The spec is determined by the objects (by content hash, Secrets by revision), their configs
  // and the delete option, so hashing those is equivalent to hashing the spec, and far cheaper.
  const hash = contentHash(
    goJson({
      objects: bundle.items.map((i) => [i.id, i.hash]),
      manifestConfigs,
      deleteOption: opts.deleteOption ?? null,
    }),
  );
  const before = previousByKey.get(bundle.key);
  const generation =
    before === undefined ? 1 : before.hash === hash ? before.generation : before.generation + 1;
  const work = buildManifestWork({
    name,
    namespace,
    manifests,
    manifestConfigs,
    deleteOption: opts.deleteOption,
    resourceOf,
    labels: {
      [ORIGIN_BINDING_LABEL]: opts.bindingName ?? input.setName,
      [ORIGIN_WDS_LABEL]: opts.wdsName ?? BUNDLE_OPTION_DEFAULTS.wdsName,
      [BUNDLE_SET_LABEL]: input.setName,
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    },
    annotations: { [ORIGIN_GENERATION_ANNOTATION]: String(generation), [BUNDLE_HASH_ANNOTATION]: hash },
  });
  const objects: Record<string, string> = {};
  for (const item of bundle.items) objects[item.id] = item.hash;
  return {
    name,
    planned: { key: bundle.key, hash, bytes: visibleBytes(bundle.items), generation, objects },
    work,
  };
}

/** Σ size of the items that are not Secrets: what the plan and outputs may say about size. */
function visibleBytes(items: readonly { bytes: number; secretContent?: string }[]): number {
  return items.reduce((sum, i) => sum + (i.secretContent === undefined ? i.bytes : 0), 0);
}
