import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { kubeconfigFile, pulumiEnv, stackFor } from "./engine";
import {
  bindingProgram,
  bindingWorks,
  deleteFakes,
  ensureFakes,
  fakeName,
  scaleWorkload,
  worksGone,
} from "./scale";
import type { Figure } from "./stats";
import { figure } from "./stats";

/** 0.3.0's `up` of the same binding at 1000 WECs, PerWec, median of 3 (docs/benchmarks.md §6, 2026-12-02). */
export const RELEASE_030_UP_SECONDS_1000 = 56.3;

export interface PoolPoint {
  /** `KSITS_HUB_CONCURRENCY`: writes in flight toward the hub. */
  pool: number;
  upSeconds: Figure;
  /** ManifestWorks the hub held after each up (should be the WEC count every time). */
  works: number[];
  /** The median up over 0.3.0's 56.3 s. */
  versus030: number;
}

/**
 * Issue 25 item 3: the same 1000-WEC PerWec `up` with the write pool at each size in `pools`,
 * runs interleaved (size a, b, c, then again) so drift of the machine's load falls on every size
 * alike. Each run: `up` (timed), the binding's ManifestWorks counted on the hub, `destroy`.
 */
export async function poolCurve(
  wecs: number,
  pools: readonly number[],
  runs: number,
  log = console.log,
): Promise<{ wecs: number; runs: number; points: PoolPoint[]; load: { start: number; end: number } }> {
  const env = pulumiEnv();
  const hubKc = readFileSync(kubeconfigFile("hub"), "utf8");
  const names = Array.from({ length: wecs }, (_, i) => fakeName(i));
  const program = bindingProgram(hubKc, names, scaleWorkload(50));
  const seconds = new Map<number, number[]>(pools.map((p) => [p, []]));
  const works = new Map<number, number[]>(pools.map((p) => [p, []]));
  const loadStart = loadavg()[0]!;
  await ensureFakes(env, wecs, log);
  try {
    for (let run = 1; run <= runs; run++) {
      for (const pool of pools) {
        const state = mkdtempSync(join(tmpdir(), "ksits-scale-pool-"));
        const name = `scale-pool-${pool}`;
        const stack = await stackFor(name, program, { ...env, KSITS_HUB_CONCURRENCY: String(pool) }, state);
        try {
          const t = Date.now();
          await stack.up();
          const s = (Date.now() - t) / 1000;
          const n = bindingWorks(env, "name")
            .split("\n")
            .filter((l) => l.trim() !== "").length;
          seconds.get(pool)!.push(s);
          works.get(pool)!.push(n);
          log(`  pool ${pool} run ${run}/${runs}: up ${s.toFixed(1)} s, ${n} ManifestWorks on the hub`);
        } finally {
          await stack.destroy();
          await stack.workspace.removeStack(name);
          await worksGone(env, 600_000);
          rmSync(state, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await deleteFakes(env, log);
  }
  const points = pools.map((pool) => {
    const upSeconds = figure(seconds.get(pool)!);
    return {
      pool,
      upSeconds,
      works: works.get(pool)!,
      versus030: upSeconds.median / RELEASE_030_UP_SECONDS_1000,
    };
  });
  return { wecs, runs, points, load: { start: loadStart, end: loadavg()[0]! } };
}
