import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundlingThroughput } from "./bundling-throughput";
import { churnAndPacking } from "./churn";

/** `npm run bench`: runs each benchmark, prints its figures and ratios, writes results/latest.json. */
function main(): void {
  const which = new Set(process.argv.slice(2));
  const all = which.size === 0;
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
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
    results.throughput = rows;
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
    results.churn = churn;
  }
  const dir = join(__dirname, "..", "..", "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${join(dir, "latest.json")}`);
}

main();
