import { planBundles } from "../src/transport/plan/plan";
import { makeWorkload } from "./workload";

export interface ThroughputResult {
  mode: string;
  wecs: number;
  objectsPerWec: number;
  planSeconds: number;
  stringifySeconds: number;
  objectsPerSecond: number;
  ratioToStringify: number;
  manifestWorks: number;
  peakRssMiB: number;
}

/**
 * Plans bundles for `wecs` WECs of `objectsPerWec` objects each, and in the same loop
 * `JSON.stringify`s the produced ManifestWorks (what any client must do to send them), so the
 * ratio compares the two on the same machine at the same moment.
 */
export function bundlingThroughput(
  wecs: number,
  objectsPerWec: number,
  templated: boolean,
): ThroughputResult {
  const objects = makeWorkload(objectsPerWec, 42, templated);
  let planNs = 0n;
  let stringifyNs = 0n;
  let works = 0;
  let peakRss = process.memoryUsage().rss;
  for (let w = 0; w < wecs; w++) {
    const t0 = process.hrtime.bigint();
    const result = planBundles({
      setName: "bench",
      clusterName: `wec${w}`,
      objects,
      properties: { labels: { region: w % 2 === 0 ? "east" : "west" } },
    });
    const t1 = process.hrtime.bigint();
    for (const work of result.works) JSON.stringify(work);
    const t2 = process.hrtime.bigint();
    planNs += t1 - t0;
    stringifyNs += t2 - t1;
    works += result.works.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const planSeconds = Number(planNs) / 1e9;
  const stringifySeconds = Number(stringifyNs) / 1e9;
  return {
    mode: templated ? "per-WEC templates" : "no templates",
    wecs,
    objectsPerWec,
    planSeconds,
    stringifySeconds,
    objectsPerSecond: (wecs * objectsPerWec) / planSeconds,
    ratioToStringify: planSeconds / stringifySeconds,
    manifestWorks: works,
    peakRssMiB: peakRss / 2 ** 20,
  };
}
