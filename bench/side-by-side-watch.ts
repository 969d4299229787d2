import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };

// client-node is an ES module; the benchmarks compile to CommonJS and load it with require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KubeConfig, Watch } = require("@kubernetes/client-node") as typeof ClientNode;
import { performance } from "node:perf_hooks";

/** Milliseconds on a monotonic clock: what every timing of the side-by-side bench uses. */
export const now = (): number => performance.now();

interface Watched {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

/**
 * A watch that is opened again whenever the API server closes it (watches time out), until
 * `stop`. Events arrive with the time they reached this process; the bench never blocks its
 * event loop while it measures, so that time is when the API server held the change.
 */
class LiveWatch {
  private abort: AbortController | undefined;
  private stopped = false;

  constructor(
    private readonly kubeconfigFile: string,
    private readonly path: string,
    private readonly query: Record<string, string>,
    private readonly onEvent: (type: string, obj: Watched, at: number) => void,
  ) {}

  async start(): Promise<void> {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigFile);
    this.abort = await new Watch(kc).watch(
      this.path,
      this.query,
      (type, obj: Watched) => this.onEvent(type, obj, now()),
      () => {
        if (!this.stopped) setTimeout(() => void this.start().catch(() => undefined), 200);
      },
    );
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}

/**
 * When each WEC's API server first held each `revision` of the edited ConfigMap, per
 * namespace (one per path): the bench's one definition of "delivered", the same for both paths.
 */
export class EditedObjectWatch {
  private readonly seen = new Map<string, { at: number; region: unknown }>();
  private readonly watches: LiveWatch[] = [];

  constructor(wecKubeconfigs: Record<string, string>, namespaces: readonly string[], name: string) {
    for (const [wec, file] of Object.entries(wecKubeconfigs)) {
      for (const ns of namespaces) {
        this.watches.push(
          new LiveWatch(
            file,
            `/api/v1/namespaces/${ns}/configmaps`,
            { fieldSelector: `metadata.name=${name}` },
            (type, obj, at) => {
              const data = (obj.data ?? {}) as Record<string, unknown>;
              const key = `${wec}/${ns}/${String(data.revision)}`;
              if ((type === "ADDED" || type === "MODIFIED") && !this.seen.has(key)) {
                this.seen.set(key, { at, region: data.region });
              }
            },
          ),
        );
      }
    }
  }

  async start(): Promise<void> {
    await Promise.all(this.watches.map((w) => w.start()));
  }

  stop(): void {
    this.watches.forEach((w) => w.stop());
  }

  /** When every WEC in `wecs` held `revision` in `namespace` (ms, monotonic), and the region each showed. */
  async arrival(
    wecs: readonly string[],
    namespace: string,
    revision: string,
    timeoutMs: number,
  ): Promise<{ at: number; regions: Record<string, unknown> }> {
    const start = now();
    for (;;) {
      const hits = wecs.map((w) => this.seen.get(`${w}/${namespace}/${revision}`));
      if (hits.every((h) => h !== undefined)) {
        return {
          at: Math.max(...hits.map((h) => h.at)),
          regions: Object.fromEntries(wecs.map((w, i) => [w, hits[i]!.region])),
        };
      }
      if (now() - start > timeoutMs) {
        throw new Error(
          `timed out after ${timeoutMs / 1000}s waiting for revision ${revision} of the edited ConfigMap in ${namespace} on ${wecs.filter((_, i) => hits[i] === undefined).join(", ")}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** ManifestWork writes seen by a watch on the hub, per path. */
export interface WriteCounts {
  creates: number;
  /** Updates that changed labels, annotations or spec: the writers' own writes. */
  updates: number;
  /** Of `updates`, those that left the spec (what the WEC applies) unchanged. */
  metadataOnlyUpdates: number;
  deletes: number;
  /** Updates that changed only status (the WECs' work agents reporting). */
  statusUpdates: number;
}

const zero = (): WriteCounts => ({
  creates: 0,
  updates: 0,
  metadataOnlyUpdates: 0,
  deletes: 0,
  statusUpdates: 0,
});

/**
 * Counts ManifestWork creates, updates and deletes in the WECs' mailbox namespaces with one
 * watch on the hub, attributing each work to a path by its labels (`classify`), and keeps the
 * live works so the bench can count ManifestWorks per WEC per path.
 */
export class ManifestWorkTally {
  private readonly counts = new Map<string, WriteCounts>();
  private readonly live = new Map<
    string,
    { path: string; namespace: string; content: string; spec: string }
  >();
  /** When each path's ManifestWorks last had their spec created or changed. */
  private readonly specWrites = new Map<string, number[]>();
  private readonly watch: LiveWatch;
  private lastEventAt = now();

  constructor(
    hubKubeconfigFile: string,
    mailboxes: readonly string[],
    classify: (labels: Record<string, string>) => string | undefined,
  ) {
    this.watch = new LiveWatch(
      hubKubeconfigFile,
      "/apis/work.open-cluster-management.io/v1/manifestworks",
      {},
      (type, obj, at) => {
        const namespace = obj.metadata.namespace ?? "";
        const path = classify(obj.metadata.labels ?? {});
        if (!mailboxes.includes(namespace) || path === undefined) return;
        this.lastEventAt = at;
        const key = `${namespace}/${obj.metadata.name}`;
        const c = this.counts.get(path) ?? zero();
        this.counts.set(path, c);
        if (type === "DELETED") {
          if (this.live.delete(key)) c.deletes++;
          return;
        }
        const { labels, annotations } = obj.metadata;
        const spec = JSON.stringify(obj.spec);
        const content = JSON.stringify({ labels, annotations, spec });
        const before = this.live.get(key);
        this.live.set(key, { path, namespace, content, spec });
        // A re-opened watch replays every live work as ADDED: only a change counts.
        if (before === undefined) c.creates++;
        else if (before.content !== content) {
          c.updates++;
          if (before.spec === spec) c.metadataOnlyUpdates++;
        } else if (type === "MODIFIED") c.statusUpdates++;
        if (before?.spec !== spec) this.specWrites.set(path, [...(this.specWrites.get(path) ?? []), at]);
      },
    );
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): void {
    this.watch.stop();
  }

  snapshot(path: string): WriteCounts {
    return { ...(this.counts.get(path) ?? zero()) };
  }

  /** When the last spec write of `path` between `from` and `to` reached the hub (ms), if any. */
  lastSpecWrite(path: string, from: number, to: number): number | undefined {
    const inRange = (this.specWrites.get(path) ?? []).filter((t) => t >= from && t <= to);
    return inRange.length === 0 ? undefined : Math.max(...inRange);
  }

  /** ManifestWorks of `path` in each mailbox namespace now. */
  worksPerWec(path: string, mailboxes: readonly string[]): Record<string, number> {
    const out = Object.fromEntries(mailboxes.map((m) => [m, 0]));
    for (const w of this.live.values()) if (w.path === path) out[w.namespace] = (out[w.namespace] ?? 0) + 1;
    return out;
  }

  /** Resolves once no ManifestWork of any path changed for `quietMs` (or after `timeoutMs`). */
  async settle(quietMs: number, timeoutMs: number): Promise<void> {
    const start = now();
    while (now() - this.lastEventAt < quietMs && now() - start < timeoutMs) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function writesBetween(before: WriteCounts, after: WriteCounts): WriteCounts {
  return {
    creates: after.creates - before.creates,
    updates: after.updates - before.updates,
    metadataOnlyUpdates: after.metadataOnlyUpdates - before.metadataOnlyUpdates,
    deletes: after.deletes - before.deletes,
    statusUpdates: after.statusUpdates - before.statusUpdates,
  };
}
