import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundlingThroughput } from "./bundling-throughput";
import { churnAndPacking, LARGE_MIX } from "./churn";
import { engineComparison, timeToApplied } from "./engine";
import { interopSandboxProblem, kubestellarSideBySide } from "./kubestellar-side-by-side";
import { previewAtScale, scaleCurve, scaleSandboxProblem } from "./scale";
import { poolCurve, RELEASE_030_UP_SECONDS_1000 } from "./scale-pool";
import { referenceEngines } from "./reference-engines";
import { Delivery } from "../src/transport";
import type { Figure } from "./stats";
import { showFigure } from "./stats";

/** `npm run bench`: runs each benchmark, prints its figures and ratios, writes results/latest.json. */
async function main(): Promise<void> {
  const which = new Set(process.argv.slice(2));
  const all = which.size === 0;
  const dir = join(__dirname, "..", "..", "bench", "results");
  const file = join(dir, "latest.json");
  // Keep the figures of benchmarks not run this time; each entry carries its own date.
  const results: Record<string, unknown> = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
  results.node = process.version;
  const stampResult = (key: string, value: object) =>
    (results[key] = { date: new Date().toISOString(), ...value });
  if (all || which.has("throughput")) {
    const rows = [bundlingThroughput(200, 200, false), bundlingThroughput(200, 200, true)];
    console.log("\n1. Bundling throughput: 200 WECs x 200 objects (0.5-20 KB, ~2% near 100 KB)");
    console.table(
      rows.map((r) => ({
        mode: r.mode,
        "objects/s": Math.round(r.objectsPerSecond),
        "plan s": r.planSeconds.toFixed(2),
        "JSON.stringify s": r.stringifySeconds.toFixed(2),
        "ratio (target <= 2)": r.ratioToStringify.toFixed(2),
        ManifestWorks: r.manifestWorks,
        "peak RSS MiB (target < 1024)": Math.round(r.peakRssMiB),
      })),
    );
    stampResult("throughput", { rows });
  }
  if (all || which.has("reference")) {
    const r = referenceEngines();
    console.log(
      `\n1b. Reference Go code as WebAssembly vs the TypeScript engines (one process, ${r.yaml.files} calls each)`,
    );
    console.log(
      `module ${(r.wasmBytes / 2 ** 20).toFixed(1)} MiB, first call (load) ${r.loadMs.toFixed(0)} ms, RSS +${r.rssAfterLoadMiB.toFixed(0)} MiB`,
    );
    console.table([
      {
        what: "workload YAML (2 documents)",
        "wasm µs/call": r.yaml.wasmUsPerFile.toFixed(0),
        "TypeScript µs/call": r.yaml.tsUsPerFile.toFixed(0),
        "ratio wasm/TS": (r.yaml.wasmUsPerFile / r.yaml.tsUsPerFile).toFixed(2),
      },
      {
        what: "template expansion (1 object)",
        "wasm µs/call": r.templates.wasmUsPerObject.toFixed(0),
        "TypeScript µs/call": r.templates.tsUsPerObject.toFixed(0),
        "ratio wasm/TS": (r.templates.wasmUsPerObject / r.templates.tsUsPerObject).toFixed(2),
      },
    ]);
    console.log(`template results identical: ${r.templates.agreeing}% of 200 objects`);
    stampResult("reference", r);
  }
  if (all || which.has("churn")) {
    const churn = churnAndPacking(200, 1000, 7);
    console.log(
      "\n2. Churn and packing: 200 objects, 1000 random single-object edits / additions / removals",
    );
    console.table(
      churn.rows.map((r) => ({
        strategy: r.strategy,
        "max rewritten (target <= 2)": r.maxRewritten,
        "mean rewritten (target <= 1.2)": r.meanRewritten.toFixed(3),
        "max objects moved": r.maxMoved,
        "mean bundles": r.meanBundles.toFixed(2),
        "worst bundles - lower bound (target <= 1)": r.worstExcess,
      })),
    );
    stampResult("churn", churn);
    const large = churnAndPacking(300, 2000, 7, LARGE_MIX);
    console.log(
      "\n2b. Churn and packing, large-object mix: 300 objects (70% 0.5-20 KB, 20% 20-80 KB, 10% 80-120 KB), 2000 random single-object changes",
    );
    console.table(
      large.rows.map((r) => ({
        strategy: r.strategy,
        "max rewritten (target <= 2)": r.maxRewritten,
        "mean rewritten": r.meanRewritten.toFixed(3),
        "max objects moved": r.maxMoved,
        "mean bundles": r.meanBundles.toFixed(2),
        "worst bundles - lower bound (no packing can promise <= 1 here)": r.worstExcess,
      })),
    );
    stampResult("churn-large", large);
  }
  const engineRuns = Number(process.env.KSITS_BENCH_ENGINE_RUNS ?? "3");
  if (all || which.has("engine")) {
    console.log(
      `\n3. Real engine on the sandbox: 20 WECs x 50 objects, ManifestWorkBundle vs one CustomResource ManifestWork per object; ${engineRuns} rounds alternating the two, median (min-max)`,
    );
    const e = await engineComparison(20, 50, engineRuns);
    const row = (f: typeof e.ours) => ({
      resources: f.resources,
      "preview s": showFigure(f.previewSeconds, 1),
      "up s": showFigure(f.upSeconds, 1),
      "no-op up s": showFigure(f.noopUpSeconds, 1),
      "ManifestWork writes in no-op up": showFigure(f.noopWrites, 0),
    });
    console.table([
      { program: "kubestellar-its (ManifestWorkBundle per WEC)", ...row(e.ours) },
      { program: "baseline (CustomResource per object)", ...row(e.baseline) },
    ]);
    console.log(
      `medians of ${e.runs} runs: preview speed-up ${e.previewSpeedup.toFixed(2)}x (target >= 3), up speed-up ${e.upSpeedup.toFixed(2)}x; ManifestWork writes during a no-op up: ours ${showFigure(e.ours.noopWrites, 0)} (target 0), baseline ${showFigure(e.baseline.noopWrites, 0)}`,
    );
    stampResult("engine", e);
  }
  if (all || which.has("applied")) {
    console.log(
      `\n4. Time to Applied on 2 real WECs (51 objects each); ${engineRuns} rounds, median (min-max)`,
    );
    const a = await timeToApplied(50, engineRuns);
    console.table([
      {
        "pulumi up (waitFor Applied) s": showFigure(a.pulumiUpSeconds, 1),
        "of which engine floor (no-op up) s": showFigure(a.engineFloorSeconds, 1),
        "kubectl apply --server-side + poll s": showFigure(a.kubectlApplySeconds, 1),
        "ratio of medians (target <= 1.5)": a.ratio.toFixed(2),
        "above the engine floor": a.ratioAboveEngineFloor.toFixed(2),
      },
    ]);
    stampResult("applied", a);
  }
  if (all || which.has("kubestellar")) {
    const rounds = Number(process.env.KSITS_BENCH_ROUNDS ?? "5");
    console.log(
      `\n5. One object edited -> every WEC holds it: our WorkloadBinding (pulumi up) vs the real KubeStellar (kubectl apply to the WDS + BindingPolicy), 2 real WECs, 15 objects, ${rounds} rounds interleaved; median (min-max)`,
    );
    const problem = interopSandboxProblem();
    if (problem !== undefined) {
      console.log(`skipped: ${problem}`);
    } else {
      const k = await kubestellarSideBySide(rounds);
      console.log(k.definition);
      const row = (f: typeof k.ours) => ({
        "delivered s": showFigure(f.deliveredSeconds),
        "in the ITS s": showFigure(f.itsSeconds),
        "command returned s": showFigure(f.commandSeconds),
        "ManifestWork writes / edit": showFigure(f.writesPerEdit, 0),
        "of which metadata only": showFigure(f.metadataOnlyPerEdit, 0),
        "status updates / edit": showFigure(f.statusUpdatesPerEdit, 0),
        "ManifestWorks per WEC": Object.values(f.worksPerWec).join(" / "),
      });
      console.table([
        { path: "A: kubestellar-its WorkloadBinding (pulumi up)", ...row(k.ours) },
        { path: "B: KubeStellar v0.30.0 (kubectl apply to WDS)", ...row(k.kubestellar) },
        {
          path: "ratio B/A (medians)",
          "delivered s": k.ratios.delivered.toFixed(2),
          "in the ITS s": k.ratios.its.toFixed(2),
          "command returned s": k.ratios.command.toFixed(2),
          "ManifestWork writes / edit": k.ratios.writesPerEdit.toFixed(2),
          "of which metadata only": "",
          "status updates / edit": "",
          "ManifestWorks per WEC": k.ratios.worksPerWec.toFixed(2),
        },
      ]);
      const s = k.setup;
      console.log(
        `setup (first delivery of all ${k.objects} objects, once): ours ${s.ours.deliveredSeconds.toFixed(1)} s (pulumi up ${s.ours.commandSeconds.toFixed(1)} s, ${s.ours.writes.creates} ManifestWorks created), KubeStellar ${s.kubestellar.deliveredSeconds.toFixed(1)} s (kubectl apply ${s.kubestellar.commandSeconds.toFixed(1)} s, ${s.kubestellar.writes.creates} created, ${s.kubestellar.writes.updates} updated)`,
      );
      console.log(
        `machine: ${k.machine.cpus} CPUs, 1-min load average ${k.machine.loadAtStart.toFixed(1)} at the first round, ${k.machine.loadAtEnd.toFixed(1)} after the last`,
      );
      stampResult("kubestellar", k);
    }
  }
  if (all || which.has("scale")) {
    // Both deliveries from 10 to 1000 WECs, each point the median of the runs shown.
    const countsOf = (v: string | undefined, d: string) => (v ?? d).split(",").map(Number);
    const curves: { delivery: Delivery; counts: number[] }[] = [
      {
        delivery: Delivery.PerWec,
        counts: countsOf(process.env.KSITS_BENCH_SCALE_PERWEC_WECS, "10,100,1000"),
      },
      {
        delivery: Delivery.HubFanOut,
        counts: countsOf(process.env.KSITS_BENCH_SCALE_FANOUT_WECS, "10,100,1000"),
      },
    ].filter((c) => c.counts.length > 0 && c.counts.every((n) => n >= 2));
    const counts = curves.flatMap((c) => c.counts);
    const runs = Number(process.env.KSITS_BENCH_SCALE_RUNS ?? "3");
    const largeRuns = Number(process.env.KSITS_BENCH_SCALE_LARGE_RUNS ?? String(runs));
    const runsFor = (wecs: number) => (wecs >= 1000 ? largeRuns : runs);
    console.log(
      `\n6. Scale: one WorkloadBinding (50 objects, one templated) selecting ${counts.join(" / ")} WECs (2 real, the rest accepted ManagedClusters without agents), per-WEC bundles (${curves.find((c) => c.delivery === Delivery.PerWec)?.counts.join("/") ?? "-"}) and hub fan-out (${curves.find((c) => c.delivery === Delivery.HubFanOut)?.counts.join("/") ?? "-"}), real engine; median (min-max) of the runs shown`,
    );
    const problem = scaleSandboxProblem();
    if (problem !== undefined) {
      console.log(`skipped: ${problem}`);
    } else if (process.env.KSITS_BENCH_SCALE_PREVIEW_ONLY === "1") {
      const points = [];
      for (const wecs of counts) points.push(await previewAtScale(wecs, 50, runsFor(wecs)));
      console.log("preview only (nothing written to the hub):");
      console.table(
        points.map((p) => ({
          WECs: p.wecs,
          runs: p.runs,
          "preview s": showFigure(p.previewSeconds, 1),
          "peak RSS MiB engine": showFigure(p.engineRssMiB, 0),
          providers: showFigure(p.providersRssMiB, 0),
          program: showFigure(p.programRssMiB, 0),
          "load avg": `${p.loadAverage.start.toFixed(1)}→${p.loadAverage.end.toFixed(1)}`,
        })),
      );
      stampResult(`scale-preview-${counts.join("-")}`, { points });
    } else {
      for (const curve of curves) {
        const s = await scaleCurve(curve.counts, 50, runsFor, curve.delivery);
        console.log(`delivery ${curve.delivery}:`);
        const mib = (f: Figure) => showFigure(f, 0);
        console.table(
          s.points.map((p) => ({
            WECs: p.wecs,
            runs: p.runs,
            "preview s": showFigure(p.previewSeconds, 1),
            "up s": showFigure(p.upSeconds, 1),
            "no-op up s": showFigure(p.noopUpSeconds, 1),
            "refresh s": showFigure(p.refreshSeconds, 1),
            "state KiB": showFigure(
              {
                ...p.stateBytes,
                median: p.stateBytes.median / 1024,
                min: p.stateBytes.min / 1024,
                max: p.stateBytes.max / 1024,
              },
              0,
            ),
            "state bytes / WEC": Math.round(p.stateBytesPerWec),
            "peak RSS MiB engine": mib(p.engineRssMiB),
            providers: mib(p.providersRssMiB),
            program: mib(p.programRssMiB),
            "(state − workload) / WEC": Math.round(p.stateOverWorkloadPerWec),
            "compact: (state − workload) / WEC": Math.round(p.stateCompactOverWorkloadPerWec),
            "hub holds all works s": showFigure(p.hubHoldsAllAfterUpSeconds, 1),
            "MW writes on hub up": showFigure(p.upWrites, 0),
            "Pulumi writes up": showFigure(p.pulumiUpWrites, 0),
            "no-op up": showFigure(p.pulumiNoopUpWrites, 0),
            refresh: showFigure(p.pulumiRefreshWrites, 0),
          })),
        );
        console.log(
          `workload: ${s.points[0]?.workloadBytes} bytes of JSON once; real WECs' ManifestWorks Applied after up: ${s.points.map((p) => `${p.wecs} WECs ${showFigure(p.realAppliedAfterUpSeconds, 1)} s`).join(", ")}; mailbox namespaces ${s.mailboxNamespaces}`,
        );
        console.log("growth ratios (medians):");
        console.table(
          s.ratios.map((r) =>
            Object.fromEntries(
              Object.entries(r).map(([k, v]) => [k, k === "from" || k === "to" ? v : v.toFixed(2)]),
            ),
          ),
        );
        console.log(
          `load average (1 min) per WEC count: ${s.points.map((p) => `${p.wecs}: ${p.loadAverage.start.toFixed(1)}→${p.loadAverage.end.toFixed(1)}`).join(", ")}; ${s.machine.cpus} CPUs; RSS: ${s.rssMethod}`,
        );
        // Each curve is stamped under its delivery and WEC counts, so a partial run keeps the others.
        if (s.killed !== undefined) {
          const k = s.killed;
          console.log(
            `up killed half way at ${k.wecs} WECs (${k.worksAtKill}/${k.expected} ManifestWorks on the hub, ${k.pendingOperations} pending operations): cancel + refresh --clear-pending-creates + up ${k.recoverSeconds.toFixed(1)} s; then ${k.worksAfter} ManifestWorks, ${k.orphans} orphans; the next no-op up wrote ${k.noopUpWrites}`,
          );
        }
        stampResult(`scale-${curve.delivery}-${curve.counts.join("-")}`, s);
      }
    }
  }
  if (which.has("scale-pool")) {
    // Not part of "all": 3 runs × 3 sizes of a 1000-WEC up take about 15 minutes.
    const wecs = Number(process.env.KSITS_BENCH_POOL_WECS ?? "1000");
    const pools = (process.env.KSITS_BENCH_POOL_SIZES ?? "4,8,16").split(",").map(Number);
    const runs = Number(process.env.KSITS_BENCH_POOL_RUNS ?? "3");
    console.log(
      `\n7. The write pool: one PerWec WorkloadBinding (50 objects) over ${wecs} WECs (ManagedClusters without agents), KSITS_HUB_CONCURRENCY ${pools.join(" / ")}, runs interleaved; median (min-max) of ${runs}`,
    );
    const problem = scaleSandboxProblem();
    if (problem !== undefined) console.log(`skipped: ${problem}`);
    else {
      const p = await poolCurve(wecs, pools, runs);
      console.table(
        p.points.map((x) => ({
          pool: x.pool,
          "up s": showFigure(x.upSeconds, 1),
          "ManifestWorks after each up": x.works.join(" / "),
          [`vs 0.3.0 (${RELEASE_030_UP_SECONDS_1000} s)`]: x.versus030.toFixed(2),
        })),
      );
      console.log(`load average (1 min): ${p.load.start.toFixed(1)}→${p.load.end.toFixed(1)}`);
      stampResult(`scale-pool-${wecs}`, p);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
