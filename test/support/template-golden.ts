import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_MESSAGE } from "../../src/transport/go/gotemplate";
import { MAX_NESTING } from "../../src/transport/go/gotemplate/parser";
import type { OracleAnswer } from "./template-oracle";
import type { TemplateCase } from "./template-corpus";
import { CORPUS_SEED } from "./template-corpus";
import { edgeCases } from "./template-corpus-edges";
import { randomCases } from "./template-corpus-random";

/**
 * KubeStellar's own answers for a fixed template corpus, checked in (test/fixtures/
 * template-golden.json), so `npm test` proves the library's template engine without Go (success or
 * failure, the text, and Go's exact message for a template that does not parse): the
 * differential tier (`npm run test:differential`) asks the real oracle again and requires the
 * same answers; `KSITS_WRITE_GOLDEN=1 npm run test:differential` rewrites the file.
 */
export const GOLDEN_FILE = join(__dirname, "..", "fixtures", "template-golden.json");
/** Random cases in the golden corpus (after every hand-written edge case). */
export const GOLDEN_RANDOM_CASES = 2000;
/** What produced the answers: the oracle's pins, kept in the file. */
export const GOLDEN_ORACLE = "KubeStellar v0.30.0 pkg/customize.ExpandTemplates (sandbox/template-oracle.sh)";

/**
 * One answer: `[template hash, "ok", text or its hash]`; `[hash, "error", Go's message]` for a
 * template that does not parse (the library must report that message, byte for byte);
 * `[hash, "error"]` for one that fails when executed (the library words those errors itself:
 * it names the WEC's properties); or `[hash, "timeout"]`.
 */
export type GoldenAnswer =
  | readonly [string, "ok", string]
  | readonly [string, "error", string]
  | readonly [string, "error" | "timeout"];

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

/**
 * Go's message when the oracle's `errors` for case `c` say that the template does not parse:
 * `template: <name>:<line>: <reason>`. Undefined for no error or an execution error, which Go
 * locates as `<name>:<line>:<column>: executing ...` or not at all (`template: <name>: ...`).
 */
export function goParseError(c: TemplateCase, errors: readonly string[]): string | undefined {
  const prefix = `template: ${c.name}:`;
  const e = errors.length === 1 ? errors[0]! : "";
  return e.startsWith(prefix) && /^[0-9]+: /.test(e.slice(prefix.length)) ? e : undefined;
}

/**
 * The library's message for Go's parse error `go`: the same text, cut at the library's bound on
 * message length (MAX_MESSAGE: Go echoes identifiers and literals of any length).
 */
export function libraryParseError(go: string): string {
  return go.length <= MAX_MESSAGE ? go : `${go.slice(0, MAX_MESSAGE - 1)}…`;
}

/** What expandString returned, as far as the parse-error check looks at it. */
export interface LibraryFailure {
  readonly issues: readonly string[];
  readonly kinds?: readonly string[];
}

/** expandString's kind for a template that does not parse, and for one refused at a bound. */
export const DOES_NOT_PARSE = "the template does not parse";
const BEYOND_BOUNDS = "the template exceeds the library's expansion bounds";

/**
 * Whether the library reported Go's parse error `go` as Go does: that message alone (see
 * libraryParseError), as a template that does not parse. A template the library refuses at its
 * nesting bound (MAX_NESTING, checked while parsing; Go's own is 10,000 parentheses) is the one
 * documented exception.
 */
export function agreesOnParseError(lib: LibraryFailure, go: string): boolean {
  const kinds = lib.kinds ?? [];
  if (kinds.length === 1 && kinds[0] === BEYOND_BOUNDS)
    return lib.issues.length === 1 && lib.issues[0]!.includes(`nests more than ${MAX_NESTING} levels`);
  return (
    kinds.length === 1 &&
    kinds[0] === DOES_NOT_PARSE &&
    lib.issues.length === 1 &&
    lib.issues[0] === libraryParseError(go)
  );
}

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
    if (a.errors.length === 0) return [caseHash(c), "ok", goldenText(a.text)];
    const parseError = goParseError(c, a.errors);
    return parseError === undefined ? [caseHash(c), "error"] : [caseHash(c), "error", parseError];
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
