import { describe, expect, it } from "vitest";
import { DEFAULT_EXEC_LIMITS, executeTemplate } from "../../../../src/transport/go/gotemplate";

// The language itself is proven against KubeStellar's Go code by test/differential; these are the
// library's own guarantees, which Go does not have: every execution is bounded and never throws.
const props = { a: "x", region: "us-east-1" };

describe("Go template engine: bounds Go does not have", () => {
  it("refuses output past the byte bound instead of cutting it", () => {
    const big = { blob: "é".repeat(100 * 1024) }; // 200 KiB of UTF-8
    const r = executeTemplate("t", "{{ .blob }}{{ .blob }}", big);
    expect(r).toMatchObject({ ok: false, reason: "limit" });
    expect(executeTemplate("t", "{{ .blob }}", big)).toMatchObject({ ok: true });
  });

  it("stops a loop that would run for minutes", () => {
    const r = executeTemplate("t", "{{ range 1000000000 }}{{ end }}", props);
    expect(r).toMatchObject({ ok: false, reason: "limit" });
  });

  it("stops unbounded {{template}} recursion, including through the template's own name", () => {
    expect(
      executeTemplate("t", '{{ define "a" }}{{ template "a" }}{{ end }}{{ template "a" }}', props),
    ).toMatchObject({ ok: false });
    expect(executeTemplate("t", '{{ template "t" }}', props)).toMatchObject({ ok: false });
  });

  it("stops exponential output from nested templates", () => {
    let t = '{{ define "l0" }}xxxxxxxx{{ end }}';
    for (let i = 1; i < 30; i++)
      t += `{{ define "l${i}" }}{{ template "l${i - 1}" }}{{ template "l${i - 1}" }}{{ end }}`;
    const r = executeTemplate("t", `${t}{{ template "l29" }}`, props);
    expect(r).toMatchObject({ ok: false, reason: "limit" });
  });

  it("refuses %p of the data map (a memory address in Go, never reproducible)", () => {
    expect(executeTemplate("t", '{{ printf "%p" . }}', props)).toMatchObject({ ok: false, reason: "limit" });
  });

  it("never throws, whatever the text; messages stay short", () => {
    const hostile = [
      "{{",
      "}}{{",
      `{{ ${"(".repeat(20000)} }}`,
      `{{ ${"x".repeat(1 << 16)} }}`,
      "{{ call . }}",
    ];
    for (const text of hostile) {
      const r = executeTemplate("t", text, props);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThanOrEqual(160);
    }
  });

  it("has only Go's built-in functions", () => {
    for (const fn of ["exec", "env", "readFile", "upper", "default", "toYaml"]) {
      expect(executeTemplate("t", `{{ ${fn} "x" }}`, props)).toMatchObject({ ok: false, reason: "parse" });
    }
    expect(DEFAULT_EXEC_LIMITS.maxOutputBytes).toBe(256 * 1024);
  });

  it("expands the common cases", () => {
    expect(executeTemplate("t", '{{ printf "%s-%d" .region 3 }}', props)).toEqual({
      ok: true,
      text: "us-east-1-3",
    });
    expect(executeTemplate("t", "a\u00a0{{- .a }}", props)).toEqual({ ok: true, text: "a\u00a0x" });
  });
});
