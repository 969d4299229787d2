import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  certifySandboxAgents,
  getJson,
  installIntoProject,
  localStack,
  pulumiEnv,
  ROOT,
  sandboxItsConfig,
} from "../support/sandbox";

/**
 * Upgrading changes nothing on the hub or the WECs: the config-driven program of each previous
 * release (test/fixtures/previous-release: 0.1.0; 0.2.0, the last build before src/ was sorted
 * by domain; 0.3.0, the last before join identities per WEC) creates a stack on the sandbox; the
 * current build is then installed over it. 0.4.0 updates each WEC's acceptance in place (its
 * approval is pinned to a join identity: nothing is re-approved, the WECs stay joined). 0.3.0
 * moves a binding's per-WEC bundles into one resource (state then holds the workload once): the
 * `up` that does so must leave every ManifestWork the same object with the same spec and
 * generation (only its owner label moves) and every WEC object untouched; afterwards `preview`
 * and `refresh` report no changes.
 */
const RELEASES = ["0.1.0", "0.2.0", "0.3.0"];
/** Releases whose bindings still have per-WEC bundles, which the upgrade moves into one resource. */
const PER_WEC_BUNDLES = new Set(["0.1.0", "0.2.0"]);
const WECS = ["wec1", "wec2"];

/** The current build, packed once for every release's suite. */
let currentPack: string | undefined;
function packCurrent(): string {
  if (currentPack !== undefined) return currentPack;
  const out = mkdtempSync(join(tmpdir(), "ksits-current-"));
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: ROOT, stdio: "ignore" });
  currentPack = join(
    out,
    readdirSync(out).find((f) => f.endsWith(".tgz"))!,
  );
  return currentPack;
}

describe.each(RELEASES)("a stack of release %s, upgraded to this build", (release) => {
  let env: Record<string, string>;
  let dir: string;
  let project: string;
  let stack: Stack;
  const log: string[] = [];
  const onOutput = (line: string) => log.push(line);

  function installedVersion(): string {
    return JSON.parse(readFileSync(join(project, "node_modules", "kubestellar-its", "package.json"), "utf8"))
      .version;
  }

  beforeAll(async () => {
    env = pulumiEnv();
    dir = mkdtempSync(join(tmpdir(), `ksits-upgrade-${release}-`));
    project = join(dir, "gitops");
    mkdirSync(project);
    // A GitOps repository that runs the library's own program from its install.
    writeFileSync(
      join(project, "Pulumi.yaml"),
      [
        "name: kubestellar-its",
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: false",
        "main: node_modules/kubestellar-its/bin/components/program/index.js",
        "",
      ].join("\n"),
    );
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "gitops", private: true }));
    writeFileSync(join(project, "app.yaml"), readFileSync(join(ROOT, "examples", "workloads", "shop.yaml")));
    installIntoProject(
      project,
      join(ROOT, "test", "fixtures", "previous-release", `kubestellar-its-${release}.tgz`),
    );
    expect(installedVersion()).toBe(release);
    mkdirSync(join(dir, "state"));
    stack = await localStack(env, {
      workDir: project,
      stack: `upgrade-${release.replace(/\./g, "-")}`,
      stateDir: join(dir, "state"),
    });
    await stack.setAllConfig({
      "kubestellar-its:itses": sandboxItsConfig(),
      "kubestellar-its:wecs": {
        value: JSON.stringify(
          WECS.map((name) => ({
            name,
            its: "its1",
            labels: { "location-group": "edge" },
            properties: { region: `region-${name}` },
          })),
        ),
      },
      "kubestellar-its:workloads": {
        value: JSON.stringify([{ name: "shop", files: [join(project, "app.yaml")] }]),
      },
      "kubestellar-its:bindings": {
        value: JSON.stringify([
          {
            name: "upgrade",
            its: "its1",
            workloads: ["shop"],
            clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
            waitFor: "Applied",
            waitTimeoutSeconds: 240,
          },
        ]),
      },
    });
  }, 600_000);

  afterAll(async () => {
    try {
      await stack?.destroy({ onOutput });
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it(`up with release ${release}`, async () => {
    // Releases before 0.4.0 approve only the shared bootstrap identity's CSRs; the sandbox's agents
    // join with identities of their own, so a hub admin certifies them first, as for any WEC
    // joined before the upgrade.
    await certifySandboxAgents(env, WECS);
    const up = await stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    for (const wec of WECS) {
      const works = getJson(env, "hub", ["manifestworks", "-n", wec]) as { items: any[] };
      expect(works.items.map((w) => w.metadata.name)).toEqual(["upgrade-0"]);
    }
  });

  it("after installing this build: acceptances updated in place, a binding's per-WEC bundles become one resource that takes over their ManifestWorks unchanged; then preview and refresh show no changes", async () => {
    const before = Object.fromEntries(
      WECS.map((wec) => [wec, getJson(env, "hub", ["managedcluster", wec]).metadata.uid as string]),
    );
    const work = (wec: string) => getJson(env, "hub", ["manifestwork", "upgrade-0", "-n", wec]);
    const worksBefore = Object.fromEntries(WECS.map((wec) => [wec, work(wec)]));
    const wecObject = (wec: string) => getJson(env, wec, ["configmap", "shop-settings", "-n", "shop"]);
    const objectsBefore = Object.fromEntries(WECS.map((wec) => [wec, wecObject(wec)]));
    installIntoProject(project, packCurrent());
    expect(installedVersion()).not.toBe(release);
    // 0.3.0 moves a binding's per-WEC bundles into one resource: one create, one delete per WEC.
    // 0.4.0 updates each WEC's acceptance in place (approval pinned to its join identity).
    const moves = PER_WEC_BUNDLES.has(release);
    const expected = moves
      ? { create: 1, delete: WECS.length, update: WECS.length }
      : { update: WECS.length };
    const preview = await stack.preview({ diff: true, onOutput });
    console.log(`upgrade ${release}: preview ${JSON.stringify(preview.changeSummary)}`);
    expect(preview.changeSummary).toMatchObject(expected);
    expect(preview.changeSummary.replace ?? 0).toBe(0);
    const up = await stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject(expected);
    for (const wec of WECS) {
      const was = worksBefore[wec];
      const now = work(wec);
      // The same object, spec and generation: taken over, not replaced or rewritten.
      expect(now.metadata.uid).toBe(was.metadata.uid);
      expect(now.metadata.generation).toBe(was.metadata.generation);
      expect(now.spec).toEqual(was.spec);
      expect(now.metadata.annotations).toEqual(was.metadata.annotations);
      // Only the owner label moved to the new resource (when there was one to move from).
      if (moves)
        expect(now.metadata.labels["its.kubestellar.io/owner"]).not.toBe(
          was.metadata.labels["its.kubestellar.io/owner"],
        );
      expect({ ...now.metadata.labels, "its.kubestellar.io/owner": "" }).toEqual({
        ...was.metadata.labels,
        "its.kubestellar.io/owner": "",
      });
      // The WEC's objects were not touched.
      expect(wecObject(wec).metadata.resourceVersion).toBe(objectsBefore[wec].metadata.resourceVersion);
      expect(getJson(env, "hub", ["managedcluster", wec]).metadata.uid).toBe(before[wec]);
      // The WEC stays joined through its acceptance's update.
      expect(
        (getJson(env, "hub", ["managedcluster", wec]).status?.conditions ?? []).some(
          (c: { type: string; status: string }) => c.type === "ManagedClusterJoined" && c.status === "True",
        ),
      ).toBe(true);
    }
    const again = await stack.preview({ expectNoChanges: true, diff: true, onOutput });
    expect(again.changeSummary.same).toBeGreaterThan(0);
    const refresh = await stack.refresh({ expectNoChanges: true, onOutput });
    expect(refresh.summary.result).toBe("succeeded");
  });
});
