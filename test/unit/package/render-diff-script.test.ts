import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..", "..");
const SCRIPT = join(ROOT, "examples", "ci", "render-diff.sh");
const scratch = mkdtempSync(join(tmpdir(), "ksits-render-diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The pull-request script's flow (the workflows run it), with `pulumi` and `npm` stubbed: the
 * stub "renders" the project's region file as the library would, so the test follows the
 * script's own steps (base worktree, two renders, diff, comment) without an engine. The render
 * itself is tested on the real planner (render.test.ts) and through the engine (e2e).
 */
function git(cwd: string, ...args: string[]) {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@e", ...args], {
    cwd,
    encoding: "utf8",
  });
}

describe("examples/ci/render-diff.sh", () => {
  it("renders base and pull request, diffs them per WEC, writes the comment, and removes its worktree", () => {
    const bin = join(scratch, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "npm"), "#!/usr/bin/env bash\nexit 0\n");
    writeFileSync(
      join(bin, "pulumi"),
      [
        "#!/usr/bin/env bash",
        'mkdir -p "$KSITS_RENDER_DIR/app/wec1"',
        'printf "data:\\n  region: %s\\n" "$(cat region.txt)" > "$KSITS_RENDER_DIR/app/wec1/ConfigMap.core_app_settings.yaml"',
        'echo "Previewing update ($*)"',
      ].join("\n"),
    );
    chmodSync(join(bin, "npm"), 0o755);
    chmodSync(join(bin, "pulumi"), 0o755);
    const repo = join(scratch, "repo");
    const project = join(repo, "infra");
    mkdirSync(project, { recursive: true });
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(join(project, "region.txt"), "us-east-1");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "base");
    git(repo, "checkout", "-qb", "pr");
    writeFileSync(join(project, "region.txt"), "us-east-2");
    git(repo, "commit", "-qam", "change");
    const out = join(scratch, "review");
    const run = spawnSync("bash", [SCRIPT, "dev", "main", out, project], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(run.status, run.stderr).toBe(0);
    const diff = readFileSync(join(out, "render.diff"), "utf8");
    expect(diff.split("\n").filter((l) => /^[-+] /.test(l))).toEqual([
      "-  region: us-east-1",
      "+  region: us-east-2",
    ]);
    expect(diff).toContain("render-pr/app/wec1/ConfigMap.core_app_settings.yaml");
    const comment = readFileSync(join(out, "comment.md"), "utf8");
    expect(comment).toContain("### `pulumi preview --diff` (stack `dev`)");
    expect(comment).toContain("Previewing update (preview --stack dev --diff --non-interactive)");
    expect(comment).toContain("+  region: us-east-2");
    expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
  });
});
