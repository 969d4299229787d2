import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundlingThroughput } from "./bundling-throughput";
import { churnAndPacking, LARGE_MIX } from "./churn";
import { engineComparison, timeToApplied } from "./engine";
import { interopSandboxProblem, kubestellarSideBySide } from "./kubestellar-side-by-side";
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
  if (all || which.has("engine")) {
    const e = await engineComparison(20, 50);
    console.log(
      "\n3. Real engine on the sandbox: 20 WECs x 50 objects, ManifestWorkBundle vs one CustomResource ManifestWork per object",
    );
    console.table([
      { program: "kubestellar-its (ManifestWorkBundle per WEC)", ...e.ours },
      { program: "baseline (CustomResource per object)", ...e.baseline },
    ]);
    console.log(
      `preview speed-up ${e.previewSpeedup.toFixed(2)}x (target >= 3), up speed-up ${e.upSpeedup.toFixed(2)}x; ManifestWork writes during a no-op up: ours ${e.ours.noopWrites} (target 0), baseline ${e.baseline.noopWrites}`,
    );
    stampResult("engine", e);
  }
  if (all || which.has("applied")) {
    const a = await timeToApplied(50);
    console.log("\n4. Time to Applied on 2 real WECs (51 objects each)");
    console.table([
      {
        "pulumi up (waitFor Applied) s": a.pulumiUpSeconds.toFixed(1),
        "kubectl apply --server-side + poll s": a.kubectlApplySeconds.toFixed(1),
        "ratio (target <= 1.5)": a.ratio.toFixed(2),
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
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
