import { describe, expect, it } from "vitest";
import { expandString } from "../../../../src/transport/plan/expand";
import type { GoldenAnswer } from "../../../support/template-golden";
import {
  agreesOnParseError,
  caseHash,
  DOES_NOT_PARSE,
  goldenCorpus,
  goldenText,
  readGolden,
} from "../../../support/template-golden";

/**
 * The library's template engine against KubeStellar's own answers, checked in
 * (test/support/template-golden.ts): same success or error, same text, on every case, without Go.
 * A template that does not parse must fail with Go's own message, line included; one that fails
 * when executed must fail too, but not as a parse error (the library words execution errors).
 * A case the oracle timed out on (Go runs it without end) must be refused at the library's bound.
 */

/** The golden answers with Go's parse-error message, and their cases. */
function parseErrorCases() {
  const golden = readGolden();
  const cases = goldenCorpus();
  return cases.flatMap((c, i) => {
    const g: GoldenAnswer = golden.answers[i]!;
    return g[1] === "error" && g.length === 3 ? [{ c, go: g[2] }] : [];
  });
}

/** A parse-error message (`template: <name>:<line>: ...`) with its line number changed by `f`. */
function withLine(message: string, name: string, f: (line: number) => number): string {
  const prefix = `template: ${name}:`;
  const line = /^[0-9]+/.exec(message.slice(prefix.length))?.[0];
  if (!message.startsWith(prefix) || line === undefined) return message;
  return `${prefix}${f(Number(line))}${message.slice(prefix.length + line.length)}`;
}

describe("template expansion against KubeStellar's checked-in answers (no Go needed)", () => {
  it("agrees on every golden case", () => {
    const golden = readGolden();
    const cases = goldenCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(2500);
    expect(golden.answers.length, "the corpus changed: regenerate the golden table").toBe(cases.length);
    const wrong: string[] = [];
    cases.forEach((c, i) => {
      const g = golden.answers[i]!;
      if (g[0] !== caseHash(c)) {
        wrong.push(`case ${i}: the corpus changed; KSITS_WRITE_GOLDEN=1 npm run test:differential`);
        return;
      }
      const lib = expandString(c.template, c.data, c.name);
      const failed = lib.issues.length > 0;
      const bounded = failed && lib.issues.every((x) => x.includes("the library bounds template expansion"));
      const parseFailure = (lib.kinds ?? []).includes(DOES_NOT_PARSE);
      let ok: boolean;
      if (g[1] === "timeout") ok = bounded;
      else if (g[1] === "error")
        ok = g.length === 3 ? agreesOnParseError(lib, g[2]) : failed && !parseFailure;
      else if (!failed) ok = goldenText(lib.text) === g[2];
      else ok = bounded && lib.issues.some((x) => x.includes("levels deep"));
      if (!ok)
        wrong.push(
          `case ${i} (${c.group}) ${JSON.stringify(c.template.slice(0, 120))}: oracle ${JSON.stringify(g.slice(1))}, library ${JSON.stringify(lib).slice(0, 300)}`,
        );
    });
    expect(wrong.slice(0, 10), `${wrong.length} of ${cases.length} cases`).toEqual([]);
  });

  it("holds Go's parse-error message for hundreds of cases, a hundred past line 1", () => {
    const found = parseErrorCases();
    expect(found.length).toBeGreaterThan(500);
    expect(found.filter(({ c, go }) => !go.startsWith(`template: ${c.name}:1: `)).length).toBeGreaterThan(
      100,
    );
    // Go's lexer errors inside an action name the line the action started on.
    expect(found.filter(({ go }) => / started at /.test(go)).length).toBeGreaterThanOrEqual(5);
  });

  it("would find a bug: a parse error one line off, or always on line 1, disagrees", () => {
    const reported = parseErrorCases().flatMap(({ c, go }) => {
      const lib = expandString(c.template, c.data, c.name);
      return lib.kinds?.[0] === DOES_NOT_PARSE ? [{ go, lib, name: c.name }] : [];
    });
    expect(reported.length).toBeGreaterThan(500);
    /** The cases that still agree once the library's line is changed by `f`. */
    const agreeing = (f: (line: number) => number) =>
      reported.filter(({ go, lib, name }) =>
        agreesOnParseError({ ...lib, issues: lib.issues.map((x) => withLine(x, name, f)) }, go),
      );
    expect(agreeing((n) => n + 1)).toEqual([]);
    expect(reported.length - agreeing(() => 1).length).toBeGreaterThan(100);
  });

  it("would find a bug: an engine that drops trailing spaces disagrees", () => {
    const golden = readGolden();
    const cases = goldenCorpus();
    const found = cases.filter((c, i) => {
      const g = golden.answers[i]!;
      if (g[1] !== "ok") return false;
      const lib = expandString(c.template, c.data, c.name);
      return lib.issues.length === 0 && goldenText(lib.text.trimEnd()) !== g[2];
    });
    expect(found.length).toBeGreaterThan(0);
  });
});
