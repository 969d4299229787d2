import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TemplateCase } from "./template-corpus-data";

/**
 * Runs KubeStellar's own template expansion (sandbox/wrappers/kubestellar/cmd/ks-expand, built
 * by sandbox/template-oracle.sh) on a whole corpus in one process: JSON lines in, JSON lines out.
 */

const ROOT = join(__dirname, "..", "..");
const SCRIPT = join(ROOT, "sandbox", "template-oracle.sh");

/** What KubeStellar's ExpandTemplates did with one case. */
export type OracleAnswer =
  | { readonly kind: "done"; readonly text: string; readonly errors: readonly string[] }
  /** The harness could not judge the case (time limit, panic, bad input line): a corpus problem. */
  | { readonly kind: "failed"; readonly why: string };

/** The oracle binary for the current pins and harness source; fails with what to run if absent. */
export function oracleBinary(): string {
  let bin: string;
  try {
    bin = execFileSync("bash", [SCRIPT, "--print-path"], { encoding: "utf8" }).trim();
  } catch (err) {
    throw new Error(`sandbox/template-oracle.sh --print-path failed (is Go on PATH?): ${String(err)}`);
  }
  if (!existsSync(bin)) {
    throw new Error(
      `the template oracle is not built (${bin} is missing): run \`bash sandbox/template-oracle.sh\` ` +
        "(needs Go), or `npm run test:differential`, which builds it first",
    );
  }
  return bin;
}

/** One answer per case, in order. */
export function runOracle(bin: string, cases: readonly TemplateCase[]): OracleAnswer[] {
  const input = cases
    .map((c) => JSON.stringify({ name: c.name, template: c.template, data: c.data }))
    .join("\n");
  const run = spawnSync(bin, ["-timeout", "20s"], {
    input: `${input}\n`,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`${bin} exited ${String(run.status)}: ${run.stderr}`);
  const lines = run.stdout.split("\n").filter((l) => l !== "");
  if (lines.length !== cases.length) {
    throw new Error(`${bin} answered ${lines.length} lines for ${cases.length} cases: ${run.stderr}`);
  }
  return lines.map((line): OracleAnswer => {
    const r = JSON.parse(line) as {
      text?: string;
      errors?: string[];
      timeout?: boolean;
      panic?: string;
      badInput?: string;
    };
    if (typeof r.text === "string" && Array.isArray(r.errors))
      return { kind: "done", text: r.text, errors: r.errors };
    if (r.timeout === true) return { kind: "failed", why: "timed out" };
    return {
      kind: "failed",
      why: r.panic !== undefined ? `panic: ${r.panic}` : `bad input: ${r.badInput ?? line}`,
    };
  });
}
