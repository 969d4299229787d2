import { describe, expect, it } from "vitest";
import { expandString } from "../../../../src/transport/plan/expand";
import { caseHash, goldenCorpus, goldenText, readGolden } from "../../../support/template-golden";

/**
 * The library's template engine against KubeStellar's own answers, checked in
 * (test/support/template-golden.ts): same success or error, same text, on every case, without Go.
 * A case the oracle timed out on (Go runs it without end) must be refused at the library's bound.
 */
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
      const ok =
        g[1] === "timeout"
          ? bounded
          : g[1] === "error"
            ? failed
            : !failed
              ? goldenText(lib.text) === g[2]
              : bounded && lib.issues.some((x) => x.includes("levels deep"));
      if (!ok)
        wrong.push(
          `case ${i} (${c.group}) ${JSON.stringify(c.template.slice(0, 120))}: oracle ${JSON.stringify(g.slice(1))}, library ${JSON.stringify(lib).slice(0, 200)}`,
        );
    });
    expect(wrong.slice(0, 10), `${wrong.length} of ${cases.length} cases`).toEqual([]);
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
