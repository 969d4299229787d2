/**
 * The one in-memory hub (ITS) of the transport providers' tests: an object store with the API
 * server behaviour the providers rely on, seen through both client interfaces they are written
 * against, plus stand-ins for the hub's controllers and the WECs' work agents.
 */
import { MANIFEST_WORK_API } from "../../src/kube";
import type { ObjectClient, ObjectRef } from "../../src/transport/delivery/shared/object-client";
import type { TransportEnv } from "../../src/transport/delivery/shared/wait";
import type { WorkClient } from "../../src/transport/delivery/shared/work-client";

type Obj = Record<string, unknown>;
type Meta = { name: string; namespace?: string; generation?: number; labels?: Record<string, string> };

/** A request verb of the two client views, for `fail`. */
export type HubVerb = "get" | "list" | "apply" | "delete";

/**
 * What the stand-in work agent does to a ManifestWork right after each apply: nothing (no WEC
 * agent is running, so works stay without status), or report it `Applied` (and `Available`) for
 * the generation just written, as a healthy agent does within a second.
 */
export type AgentMode = "none" | "Applied" | "Available";

/** Which requests a fault hits: every field given must match; a fault with a `name` hits no `list`. */
export interface FaultMatch {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** What the hub holds and which agent runs when the test starts. */
export interface FakeHubOptions {
  /** Objects on the hub before the test starts, stored as given (see `put`). */
  readonly objects?: readonly Obj[];
  /** The work agent stand-in; `none` unless given (see `agent`). */
  readonly agent?: AgentMode;
}

/** A provider env on a fake clock: `sleep` advances `now` at once, and `log` collects in `logs`. */
export interface FakeEnv<C> extends TransportEnv<C> {
  /** Every line the provider logged, in order. */
  readonly logs: string[];
}

/** The ref of a stored object (namespace "" when cluster-scoped), as `ObjectClient` addresses it. */
export function objectRef(obj: Obj): ObjectRef {
  const meta = obj.metadata as Meta;
  return {
    apiVersion: obj.apiVersion as string,
    kind: obj.kind as string,
    namespace: meta.namespace ?? "",
    name: meta.name,
  };
}

/** The ref of ManifestWork `name` in mailbox namespace `namespace`, as `WorkClient` addresses it. */
export function workRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: MANIFEST_WORK_API, kind: "ManifestWork", namespace, name };
}

/**
 * `obj` without what the API server adds to a written object (`status`, `metadata.generation`):
 * what the provider wrote, to compare with what it meant to write.
 */
export function asWritten(obj: Obj | undefined): Obj {
  const copy: Obj = structuredClone({ ...obj });
  delete copy.status;
  if (copy.metadata !== undefined) delete (copy.metadata as Meta).generation;
  return copy;
}

const keyOf = (r: ObjectRef) => `${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`;
const show = (r: ObjectRef) => `${r.kind} ${r.namespace === "" ? "" : `${r.namespace}/`}${r.name}`;
const isWork = (r: ObjectRef) => r.apiVersion === MANIFEST_WORK_API && r.kind === "ManifestWork";
const byPlace = (a: ObjectRef, b: ObjectRef) =>
  a.namespace === b.namespace
    ? a.name < b.name
      ? -1
      : a.name > b.name
        ? 1
        : 0
    : a.namespace < b.namespace
      ? -1
      : 1;

/** JSON with sorted keys: equal for equal content whatever order the fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Equality-based label selector terms (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated) as a
 * predicate. Set-based terms (`in`, `notin`) throw: a selector the fake misread would make a test
 * pass or fail for the fake's sake.
 */
function selectorPredicate(selector: string | undefined): (labels: Record<string, string>) => boolean {
  const terms = (selector ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "")
    .map((term): ((labels: Record<string, string>) => boolean) => {
      let m: RegExpExecArray | null;
      if ((m = /^([^=!\s]+)\s*!=\s*(\S*)$/.exec(term)) !== null) {
        const [, k, v] = m as unknown as [string, string, string];
        return (labels) => labels[k] !== v;
      }
      if ((m = /^([^=!\s]+)\s*==?\s*(\S*)$/.exec(term)) !== null) {
        const [, k, v] = m as unknown as [string, string, string];
        return (labels) => labels[k] === v;
      }
      if ((m = /^!([^=!\s]+)$/.exec(term)) !== null) {
        const k = m[1]!;
        return (labels) => !(k in labels);
      }
      if (/^[^=!\s]+$/.test(term)) return (labels) => term in labels;
      throw new Error(`FakeHub: label selector term "${term}" is not supported`);
    });
  return (labels) => terms.every((t) => t(labels));
}

/**
 * The hub the transport providers talk to, in memory. Objects are stored by
 * apiVersion/kind/namespace/name and served through two views over the one store: `workClient`
 * (the `WorkClient` of the per-WEC bundle and binding providers: ManifestWorks by mailbox
 * namespace and name) and `objectClient` (the `ObjectClient` of the fan-out provider: any kind).
 * A work applied through one view is read back through the other, as both clients talk to the same
 * API server.
 *
 * Writes follow server-side apply by this library's single field manager: the applied object
 * replaces what the manager stated before, while what the server owns survives (`status`, which is
 * a subresource, and `metadata.generation`, which the server sets to 1 on create and bumps when
 * `spec` changes). Reads and writes hand out copies, as a real client deserializes a fresh object
 * per response, so a test cannot reach into the store by holding on to a returned object.
 *
 * Nothing else happens unless a test asks for it: no namespace needs to exist, deleting a
 * namespace leaves its contents (the namespace controller removes them later), and no controller
 * or agent writes status, except through `agent`, `afterApply` and `beforeGet`. That keeps a
 * provider from passing a test on behaviour the fake supplied for it.
 */
export class FakeHub {
  private readonly store = new Map<string, Obj>();
  private readonly faults: { verb: HubVerb; match: FaultMatch; error: (ref: ObjectRef) => Error }[] = [];

  /**
   * Every request the views received, in order, successful or not, as the API server's audit log
   * would show them. The `WorkClient` view writes `get wec1/app-0`, `list wec1`, `apply wec1/app-0`,
   * `delete wec1/app-0` (its calls are all about ManifestWorks); the `ObjectClient` view names the
   * kind: `get Placement fanout/app-f0`, `list Placement fanout -l a=b`, `apply Namespace fanout`.
   */
  readonly calls: string[] = [];
  /** The applies and deletes the hub accepted (a request failed by `fail` is not a write). */
  readonly writes: string[] = [];
  /**
   * The writes after which the stored object differs: an apply of what is already there, or a
   * delete of what is gone, is a write but not a change. Tells "wrote nothing" from "changed
   * nothing", the difference between a provider that is idempotent and one that is quiet.
   */
  readonly changes: string[] = [];
  /** The kubeconfig of every `client(kubeconfig)` call of the envs, to show which hub was asked. */
  readonly kubeconfigs: string[] = [];

  /** The work agent stand-in for ManifestWorks applied from now on (see `AgentMode`). */
  agent: AgentMode;
  /**
   * Stands in for a hub controller reacting to a write (the placement controller scheduling a
   * Placement, say): runs after each accepted apply, with a copy of the stored object and its ref,
   * and may `put` what the controller would write. The apply returns the object as it is after.
   */
  afterApply: (stored: Obj, ref: ObjectRef) => void = () => undefined;
  /**
   * Stands in for a hub controller working between a provider's reads (a namespace finishing its
   * termination, the work controller reporting progress): runs before each `get`, either view.
   */
  beforeGet: (ref: ObjectRef) => void = () => undefined;

  constructor(options: FakeHubOptions = {}) {
    this.agent = options.agent ?? "none";
    for (const obj of options.objects ?? []) this.put(obj);
  }

  /** The `WorkClient` view: ManifestWorks (`work.open-cluster-management.io/v1`) in the store. */
  readonly workClient: WorkClient = {
    get: (namespace, name) => this.get(workRef(namespace, name), `get ${namespace}/${name}`),
    apply: (work) => {
      const ref = objectRef(work);
      return this.apply(work, `${ref.namespace}/${ref.name}`);
    },
    delete: (namespace, name) => this.delete(workRef(namespace, name), `${namespace}/${name}`),
    list: (namespace) =>
      this.list(
        { apiVersion: MANIFEST_WORK_API, kind: "ManifestWork", namespace },
        undefined,
        `list ${namespace}`,
      ),
  };

  /** The `ObjectClient` view: any object in the store. */
  readonly objectClient: ObjectClient = {
    get: (ref) => this.get(ref, `get ${show(ref)}`),
    apply: (obj) => this.apply(obj, show(objectRef(obj))),
    delete: (ref) => this.delete(ref, show(ref)),
    list: (apiVersion, kind, namespace, labelSelector) =>
      this.list(
        { apiVersion, kind, namespace },
        labelSelector,
        `list ${kind}${namespace === "" ? "" : ` ${namespace}`}${labelSelector === undefined ? "" : ` -l ${labelSelector}`}`,
      ),
  };

  /**
   * Makes every later `verb` request matching `match` reject with `error` (or `error(ref)`),
   * storing nothing, as an API server refusing it would (a 500, a missing mailbox namespace, a
   * denied RBAC verb). Give the error in the client's words: the real clients wrap API errors
   * (`applying ManifestWork wec1/app-0: ...`), and the fake does not.
   */
  fail(verb: HubVerb, match: FaultMatch, error: Error | ((ref: ObjectRef) => Error)): void {
    this.faults.push({ verb, match, error: typeof error === "function" ? error : () => error });
  }

  /** Lifts every fault `fail` set: the hub answers again, as after an outage. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Forgets the recorded `calls`, `writes` and `changes` (not `kubeconfigs`), to look at what comes next. */
  reset(): void {
    this.calls.length = 0;
    this.writes.length = 0;
    this.changes.length = 0;
  }

  /** `writes`, sorted: providers work on WECs concurrently, so their order is not theirs to keep. */
  sortedWrites(): string[] {
    return [...this.writes].sort();
  }

  /**
   * Stores `obj` exactly as given, status and generation included, without logging or hooks: what
   * another writer left on the hub (a hand edit, a controller, another stack, KubeStellar's own
   * transport), or what was there before the test.
   */
  put(obj: Obj): void {
    this.store.set(keyOf(objectRef(obj)), structuredClone(obj));
  }

  /** A copy of the stored object, or undefined; not a request (nothing logged, no hook). */
  find(apiVersion: string, kind: string, namespace: string, name: string): Obj | undefined {
    const o = this.store.get(keyOf({ apiVersion, kind, namespace, name }));
    return o === undefined ? undefined : structuredClone(o);
  }

  /** A copy of ManifestWork `namespace/name`, or undefined (`find` for the `WorkClient` view). */
  work(namespace: string, name: string): Obj | undefined {
    const r = workRef(namespace, name);
    return this.find(r.apiVersion, r.kind, r.namespace, r.name);
  }

  /** Removes an object as someone else's delete would (nothing logged); true when it existed. */
  remove(apiVersion: string, kind: string, namespace: string, name: string): boolean {
    return this.store.delete(keyOf({ apiVersion, kind, namespace, name }));
  }

  /** `remove` for ManifestWork `namespace/name`. */
  removeWork(namespace: string, name: string): boolean {
    const r = workRef(namespace, name);
    return this.remove(r.apiVersion, r.kind, r.namespace, r.name);
  }

  /** Sorted names of the objects of `kind` (any API version) in `namespace`. */
  names(kind: string, namespace: string): string[] {
    return this.refs()
      .filter((r) => r.kind === kind && r.namespace === namespace)
      .map((r) => r.name);
  }

  /** Sorted names of the ManifestWorks in mailbox namespace `namespace`. */
  workNames(namespace: string): string[] {
    return this.refs()
      .filter((r) => isWork(r) && r.namespace === namespace)
      .map((r) => r.name);
  }

  /** `namespace/name` of every ManifestWork, sorted. */
  workKeys(): string[] {
    return this.refs()
      .filter(isWork)
      .map((r) => `${r.namespace}/${r.name}`);
  }

  /** Copies of every stored object, in a stable order: a snapshot to compare before and after. */
  all(): Obj[] {
    return [...this.store.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o));
  }

  /**
   * An env for the per-WEC bundle and binding providers (`ProviderEnv`): `client` is the
   * `WorkClient` view, the clock starts at `start` and only `sleep` moves it, so waits and timeouts
   * take no real time and are exact.
   */
  providerEnv(start = 0): FakeEnv<WorkClient> {
    return this.env(this.workClient, start);
  }

  /** `providerEnv` for the fan-out provider (`FanOutEnv`): `client` is the `ObjectClient` view. */
  fanOutEnv(start = 0): FakeEnv<ObjectClient> {
    return this.env(this.objectClient, start);
  }

  /** One env per call, each with its own clock and log, all recording into `kubeconfigs`. */
  private env<C>(client: C, start: number): FakeEnv<C> {
    let clock = start;
    const logs: string[] = [];
    return {
      logs,
      client: (kubeconfig) => {
        this.kubeconfigs.push(kubeconfig);
        return client;
      },
      log: (message) => logs.push(message),
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
    };
  }

  /** The refs of every stored object, by namespace and name (the API server's list order). */
  private refs(): ObjectRef[] {
    return [...this.store.values()].map(objectRef).sort(byPlace);
  }

  /** The error of the first fault `fail` set for this request, if any. */
  private fault(verb: HubVerb, ref: ObjectRef, name: string | undefined): Error | undefined {
    const f = this.faults.find(
      ({ verb: v, match: m }) =>
        v === verb &&
        (m.kind === undefined || m.kind === ref.kind) &&
        (m.namespace === undefined || m.namespace === ref.namespace) &&
        (m.name === undefined || m.name === name),
    );
    return f?.error(ref);
  }

  /** A read: logged, `beforeGet` first (controllers act between reads), then a fault or a copy. */
  private get(ref: ObjectRef, call: string): Promise<Obj | undefined> {
    this.calls.push(call);
    this.beforeGet(ref);
    const err = this.fault("get", ref, ref.name);
    if (err !== undefined) return Promise.reject(err);
    const o = this.store.get(keyOf(ref));
    return Promise.resolve(o === undefined ? undefined : structuredClone(o));
  }

  /**
   * Server-side apply: the object as given, the live `status` kept (a status in the request is
   * dropped: it is a subresource) and `metadata.generation` set by `nextGeneration`. Then the
   * agent stand-in and `afterApply` run, and the object is returned as they left it.
   */
  private apply(obj: Obj, what: string): Promise<Obj> {
    const ref = objectRef(obj);
    this.calls.push(`apply ${what}`);
    const err = this.fault("apply", ref, ref.name);
    if (err !== undefined) return Promise.reject(err);
    const key = keyOf(ref);
    const live = this.store.get(key);
    const stored = structuredClone(obj);
    delete stored.status;
    const generation = this.nextGeneration(live, stored);
    if (generation !== undefined) (stored.metadata as Meta).generation = generation;
    if (live?.status !== undefined) stored.status = structuredClone(live.status);
    this.writes.push(`apply ${what}`);
    if (live === undefined || canonical(live) !== canonical(stored)) this.changes.push(`apply ${what}`);
    this.store.set(key, stored);
    if (isWork(ref)) this.runAgent(key);
    this.afterApply(structuredClone(this.store.get(key)!), ref);
    const after = this.store.get(key);
    return Promise.resolve(structuredClone(after ?? stored));
  }

  /**
   * The generation the API server gives: 1 for a new object with a `spec`, the live one (1 when a
   * seeded object lacks it) while `spec` is unchanged, one more when it changed. Labels,
   * annotations and status do not count, as for custom resources. Objects without a `spec` either
   * side (Namespaces, ConfigMaps here) get none.
   */
  private nextGeneration(live: Obj | undefined, obj: Obj): number | undefined {
    const current =
      live === undefined
        ? undefined
        : ((live.metadata as Meta).generation ?? ("spec" in live ? 1 : undefined));
    if (current === undefined) return "spec" in obj ? 1 : undefined;
    return canonical(live!.spec) === canonical(obj.spec) ? current : current + 1;
  }

  /** What a healthy work agent reports for the stored generation (see `AgentMode`). */
  private runAgent(key: string): void {
    if (this.agent === "none") return;
    const work = this.store.get(key)!;
    const observedGeneration = (work.metadata as Meta).generation;
    const status = (work.status ?? {}) as { conditions?: Obj[] };
    const reported: Obj[] = [
      { type: "Applied", status: "True", reason: "AppliedManifestWorkComplete", observedGeneration },
    ];
    if (this.agent === "Available")
      reported.push({ type: "Available", status: "True", reason: "ResourcesAvailable", observedGeneration });
    const types = new Set(reported.map((c) => c.type));
    work.status = {
      ...status,
      conditions: [...(status.conditions ?? []).filter((c) => !types.has(c.type)), ...reported],
    };
  }

  /** A delete: a missing object is no error (the real clients take 404 as done), but no change. */
  private delete(ref: ObjectRef, what: string): Promise<void> {
    this.calls.push(`delete ${what}`);
    const err = this.fault("delete", ref, ref.name);
    if (err !== undefined) return Promise.reject(err);
    this.writes.push(`delete ${what}`);
    if (this.store.delete(keyOf(ref))) this.changes.push(`delete ${what}`);
    return Promise.resolve();
  }

  /** Objects of a kind in `namespace` ("" lists every namespace, as the API server does), sorted. */
  private list(
    of: { apiVersion: string; kind: string; namespace: string },
    labelSelector: string | undefined,
    call: string,
  ): Promise<Obj[]> {
    this.calls.push(call);
    const err = this.fault("list", { ...of, name: "" }, undefined);
    if (err !== undefined) return Promise.reject(err);
    const matches = selectorPredicate(labelSelector);
    const items = [...this.store.values()].filter((o) => {
      const r = objectRef(o);
      if (r.apiVersion !== of.apiVersion || r.kind !== of.kind) return false;
      if (of.namespace !== "" && r.namespace !== of.namespace) return false;
      return matches((o.metadata as Meta).labels ?? {});
    });
    return Promise.resolve(
      items.sort((a, b) => byPlace(objectRef(a), objectRef(b))).map((o) => structuredClone(o)),
    );
  }
}
