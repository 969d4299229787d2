import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** What a release must agree on: the package version, the example's dependency and the CHANGELOG. */
const ROOT = join(__dirname, "..", "..", "..");
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;

/** Whether a caret range admits `version`, with npm's rules for 0.x (`^0.4.0` is `>=0.4.0 <0.5.0`). */
function caretAdmits(range: string, version: string): boolean {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (m === null || v === null) return false;
  const [r, n] = [m.slice(1).map(Number), v.slice(1).map(Number)] as [number[], number[]];
  const atLeast = n[0]! > r[0]! || (n[0] === r[0] && (n[1]! > r[1]! || (n[1] === r[1] && n[2]! >= r[2]!)));
  const sameLine = r[0]! > 0 ? n[0] === r[0] : n[0] === 0 && n[1] === r[1];
  return atLeast && sameLine;
}

describe("a release agrees with itself", () => {
  const version = json("package.json").version as string;

  it("the example project depends on a range that admits this version", () => {
    const range = (json("examples/platform/package.json").dependencies as Record<string, string>)[
      "kubestellar-its"
    ]!;
    expect(
      caretAdmits(range, version),
      `examples/platform asks for ${range}, the package is ${version}`,
    ).toBe(true);
  });

  it("the range check can fail", () => {
    expect(caretAdmits("^0.2.0", "0.4.0")).toBe(false);
    expect(caretAdmits("^0.4.0", "0.4.1")).toBe(true);
    expect(caretAdmits("^1.2.0", "1.9.0")).toBe(true);
    expect(caretAdmits("^1.2.0", "2.0.0")).toBe(false);
  });

  it("the CHANGELOG has an entry for this version, and the package says what it is about", () => {
    expect(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(
      new RegExp(`^## .*\\b${version.replace(/\./g, "\\.")}\\b`, "m"),
    );
    expect(json("package.json").keywords).toEqual(
      expect.arrayContaining(["pulumi", "kubestellar", "ocm", "kubernetes", "multicluster"]),
    );
  });

  it("every released version in the CHANGELOG has its annotated tag, on the commit its upgrade fixture was packed from", () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    const tags = git("tag", "--list", "v*")
      .split("\n")
      .filter((t) => t !== "");
    // A clone made without tags (a shallow CI checkout) cannot tell; a full clone must.
    if (tags.length === 0) return;
    const released = [
      ...readFileSync(join(ROOT, "CHANGELOG.md"), "utf8").matchAll(/^## \[(\d+\.\d+\.\d+)\]/gm),
    ].map((m) => m[1]!);
    const fixtures = readFileSync(join(ROOT, "test", "fixtures", "previous-release", "README.md"), "utf8");
    expect(released.length).toBeGreaterThanOrEqual(3);
    for (const version of released) {
      expect(tags, `no tag v${version}`).toContain(`v${version}`);
      expect(git("cat-file", "-t", `v${version}`), `v${version} is not annotated`).toBe("tag");
      const commit = new RegExp(
        `kubestellar-its-${version.replace(/\./g, "\\.")}\\.tgz\` \\| \`([0-9a-f]+)\``,
      ).exec(fixtures)?.[1];
      expect(commit, `no fixture row for ${version}`).toBeDefined();
      expect(git("rev-parse", `v${version}^{commit}`).startsWith(commit!)).toBe(true);
    }
  });
});
