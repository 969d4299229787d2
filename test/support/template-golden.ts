import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OracleAnswer } from "./template-oracle";
import type { TemplateCase } from "./template-corpus";
import { CORPUS_SEED } from "./template-corpus";
import { edgeCases } from "./template-corpus-edges";
import { randomCases } from "./template-corpus-random";

/**
 * KubeStellar's own answers for a fixed template corpus, checked in (test/fixtures/
 * template-golden.json), so `npm test` proves the library's template engine without Go: the
 * differential tier (`npm run test:differential`) asks the real oracle again and requires the
 * same answers; `KSITS_WRITE_GOLDEN=1 npm run test:differential` rewrites the file.
 */
export const GOLDEN_FILE = join(__dirname, "..", "fixtures", "template-golden.json");
/** Random cases in the golden corpus (after every hand-written edge case). */
export const GOLDEN_RANDOM_CASES = 2000;
/** What produced the answers: the oracle's pins, kept in the file. */
export const GOLDEN_ORACLE = "KubeStellar v0.30.0 pkg/customize.ExpandTemplates (sandbox/template-oracle.sh)";

/** One answer: `[template hash, "ok", text or its hash]`, `[hash, "error"]` or `[hash, "timeout"]`. */
export type GoldenAnswer = readonly [string, "ok", string] | readonly [string, "error" | "timeout"];

export interface GoldenFile {
  readonly oracle: string;
  readonly seed: number;
  readonly randomCases: number;
  readonly answers: readonly GoldenAnswer[];
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);
/** Short texts are kept as they are (readable diffs); long ones by hash. */
export const goldenText = (text: string) => (text.length <= 120 ? text : `sha256:${hash(text)}`);
/** What identifies a case: its name, template and data. */
export const caseHash = (c: TemplateCase) => hash(JSON.stringify([c.name, c.template, c.data]));

/** The golden corpus: every edge case, then GOLDEN_RANDOM_CASES random ones of the CI seed. */
export function goldenCorpus(): TemplateCase[] {
  return [...edgeCases(), ...randomCases(CORPUS_SEED, GOLDEN_RANDOM_CASES)];
}

export function readGolden(): GoldenFile {
  return JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as GoldenFile;
}

/** The golden answers for oracle answers of goldenCorpus(). */
export function goldenAnswers(
  cases: readonly TemplateCase[],
  answers: readonly OracleAnswer[],
): GoldenAnswer[] {
  return cases.map((c, i): GoldenAnswer => {
    const a = answers[i]!;
    if (a.kind === "failed") {
      if (a.why !== "timed out") throw new Error(`the oracle could not judge case ${i}: ${a.why}`);
      return [caseHash(c), "timeout"];
    }
    return a.errors.length > 0 ? [caseHash(c), "error"] : [caseHash(c), "ok", goldenText(a.text)];
  });
}

export function writeGolden(answers: readonly GoldenAnswer[]): void {
  const file: GoldenFile = {
    oracle: GOLDEN_ORACLE,
    seed: CORPUS_SEED,
    randomCases: GOLDEN_RANDOM_CASES,
    answers,
  };
  // One answer per line: a changed answer is a one-line diff.
  const lines = answers.map((a) => `    ${JSON.stringify(a)}`).join(",\n");
  writeFileSync(
    GOLDEN_FILE,
    `{\n  "oracle": ${JSON.stringify(file.oracle)},\n  "seed": ${file.seed},\n  "randomCases": ${file.randomCases},\n  "answers": [\n${lines}\n  ]\n}\n`,
  );
}
