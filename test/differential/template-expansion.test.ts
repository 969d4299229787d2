import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expandString } from "../../src/transport/plan/expand";
import { MAX_NESTING } from "../../src/transport/go/gotemplate/parser";
import type { TemplateCase } from "../support/template-corpus";
import { templateCorpus } from "../support/template-corpus";
import type { OracleAnswer } from "../support/template-oracle";
import { oracleBinary, runOracle } from "../support/template-oracle";
import {
  agreesOnParseError,
  DOES_NOT_PARSE,
  goldenAnswers,
  goldenCorpus,
  goParseError,
  readGolden,
  writeGolden,
} from "../support/template-golden";

/**
 * Differential test of template expansion: every corpus case through KubeStellar v0.30.0's own
 * customize.ExpandTemplates (the oracle) and through the library's expandString. They disagree
 * when exactly one reports an error, both succeed with different text, or the template does not
 * parse and the library's message is not Go's, byte for byte (line included), or only one says
 * that it does not parse. Execution errors are not compared: the library words those itself (it
 * names the WEC's properties). `KSITS_ORACLE_REPORT=<file>` writes every disagreement to that file.
 */

/** The library's expander, called with the template name as KubeStellar names it. */
type Expand = (
  input: string,
  props: Readonly<Record<string, string>>,
  name?: string,
) => { readonly text: string; readonly issues: readonly string[]; readonly kinds?: readonly string[] };
const expand: Expand = expandString;

/** The corpus keeps every successful expansion below the library's own output bound. */
const MAX_CORPUS_OUTPUT = 64 * 1024;
const SHOWN = 30;

type Kind =
  | "go error, library ok"
  | "go ok, library error"
  | "different text"
  | "different parse error"
  | "library threw"
  | "oracle failed";

interface Disagreement {
  readonly kind: Kind;
  readonly c: TemplateCase;
  readonly go: string;
  readonly lib: string;
}

/**
 * The documented differences: a template Go runs without end (`range 9223372036854775807`) times
 * the oracle out, and one nested past the library's fixed bound (MAX_NESTING) Go still runs;
 * the library refuses both at its bounds. KubeStellar's controller would spin on the first.
 */
function boundedByLibrary(c: TemplateCase, go: OracleAnswer): boolean {
  const lib = expand(c.template, c.data, c.name);
  const byBound =
    lib.issues.length > 0 && lib.issues.every((i) => i.includes("the library bounds template expansion"));
  if (!byBound) return false;
  if (go.kind === "failed") return go.why === "timed out";
  return (
    go.errors.length === 0 && lib.issues.some((i) => i.includes(`nests more than ${MAX_NESTING} levels`))
  );
}

function judge(c: TemplateCase, go: OracleAnswer): Disagreement | undefined {
  if (go.kind === "failed") return { kind: "oracle failed", c, go: go.why, lib: "" };
  const goSide = `text ${JSON.stringify(go.text)}, errors ${JSON.stringify(go.errors)}`;
  let lib: ReturnType<Expand>;
  try {
    lib = expand(c.template, c.data, c.name);
  } catch (err) {
    return { kind: "library threw", c, go: goSide, lib: String(err) };
  }
  const libSide = `text ${JSON.stringify(lib.text)}, issues ${JSON.stringify(lib.issues)}`;
  const goFailed = go.errors.length > 0;
  const libFailed = lib.issues.length > 0;
  if (goFailed && !libFailed) return { kind: "go error, library ok", c, go: goSide, lib: libSide };
  if (!goFailed && libFailed) return { kind: "go ok, library error", c, go: goSide, lib: libSide };
  if (!goFailed && go.text !== lib.text) return { kind: "different text", c, go: goSide, lib: libSide };
  // A template that does not parse: Go's message exactly; one that fails executing: not a parse error.
  const parseError = goParseError(c, go.errors);
  const parseAgrees =
    parseError === undefined
      ? !(lib.kinds ?? []).includes(DOES_NOT_PARSE)
      : agreesOnParseError(lib, parseError);
  if (goFailed && !parseAgrees) return { kind: "different parse error", c, go: goSide, lib: libSide };
  return undefined;
}

function show(d: Disagreement): string {
  const t = JSON.stringify(d.c.template);
  return [
    `[${d.kind}] ${d.c.group} name=${JSON.stringify(d.c.name)} data=${Object.keys(d.c.data).length} keys`,
    `  template: ${t.length > 400 ? `${t.slice(0, 400)}...` : t}`,
    `  go:       ${d.go}`,
    `  library:  ${d.lib}`,
  ].join("\n");
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `  ${n}\t${k}`)
    .join("\n");
}

describe("template expansion agrees with KubeStellar's customize.ExpandTemplates", () => {
  it("on every corpus case: same error/success, same text, same parse error", { timeout: 300_000 }, () => {
    const bin = oracleBinary();
    const cases = templateCorpus();
    const answers = runOracle(bin, cases);

    const tooBig = cases.filter((_, i) => {
      const a = answers[i]!;
      return a.kind === "done" && a.errors.length === 0 && Buffer.byteLength(a.text) >= MAX_CORPUS_OUTPUT;
    });
    expect(
      tooBig.map((c) => c.template),
      "corpus cases whose Go output is 64 KiB or more",
    ).toEqual([]);

    const bounded = cases.filter((c, i) => boundedByLibrary(c, answers[i]!));
    const disagreements = cases.flatMap((c, i) => (bounded.includes(c) ? [] : (judge(c, answers[i]!) ?? [])));
    const parseErrors = cases.filter((c, i) => {
      const a = answers[i]!;
      return a.kind === "done" && goParseError(c, a.errors) !== undefined;
    }).length;
    const summary = [
      `${cases.length} cases (${parseErrors} that Go does not parse: messages compared), ${disagreements.length} disagreements, ${bounded.length} documented (Go runs without end or nests past the library's bound of ${MAX_NESTING}; the library stops at its bound)`,
      disagreements.length > 0 ? `by kind:\n${countBy(disagreements, (d) => d.kind)}` : "",
      disagreements.length > 0 ? `by group:\n${countBy(disagreements, (d) => d.c.group)}` : "",
    ]
      .filter((s) => s !== "")
      .join("\n");
    const details = disagreements.map(show);
    console.log(
      [
        summary,
        ...details.slice(0, SHOWN),
        details.length > SHOWN ? `... and ${details.length - SHOWN} more` : "",
      ]
        .filter((s) => s !== "")
        .join("\n\n"),
    );
    const report = process.env.KSITS_ORACLE_REPORT;
    if (report !== undefined && report !== "")
      writeFileSync(report, `${[summary, ...details].join("\n\n")}\n`);

    expect(cases.length).toBeGreaterThanOrEqual(10_000);
    expect(parseErrors, "corpus cases that Go does not parse").toBeGreaterThanOrEqual(1000);
    expect(disagreements.length, summary).toBe(0);
  });

  it(
    "the checked-in golden table holds the oracle's own answers (what npm test runs without Go)",
    { timeout: 300_000 },
    () => {
      const cases = goldenCorpus();
      const answers = goldenAnswers(cases, runOracle(oracleBinary(), cases));
      if (process.env.KSITS_WRITE_GOLDEN === "1") writeGolden(answers);
      const golden = readGolden();
      const differ = answers.flatMap((a, i) =>
        JSON.stringify(a) === JSON.stringify(golden.answers[i])
          ? []
          : [`case ${i}: oracle ${JSON.stringify(a)}, file ${JSON.stringify(golden.answers[i])}`],
      );
      expect(golden.answers.length).toBe(cases.length);
      expect(
        differ.slice(0, 10),
        `${differ.length} answers differ; regenerate with KSITS_WRITE_GOLDEN=1 npm run test:differential`,
      ).toEqual([]);
    },
  );
});
