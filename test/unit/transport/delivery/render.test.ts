import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkBinding } from "../../../../src/transport/delivery/binding/binding-inputs";
import type { BindingInputs } from "../../../../src/transport/delivery/binding/binding-inputs";
import { renderDelivered, writeRendered } from "../../../../src/transport/delivery/shared/render";
import { TEST_KUBECONFIG } from "../../../support/transport-fixtures";

const ROOT = join(__dirname, "..", "..", "..", "..");
/** The README's templated workload, read as the README's program reads it. */
const APP_YAML = readFileSync(join(ROOT, "examples", "platform", "workloads", "app.yaml"), "utf8");
const CANARY = "render-canary-7f3e";
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: app\nstringData:\n  password: ${CANARY}\n`;

const inputs = (yaml: string[], regions: Record<string, string>): BindingInputs => ({
  providerVersion: "1",
  owner: "p/s/app-bundles",
  legacyOwnerPrefix: "p/s/app-",
  itsKubeconfig: TEST_KUBECONFIG,
  setName: "app",
  clusters: Object.entries(regions).map(([name, region]) => ({
    name,
    labels: { "location-group": "edge" },
    annotations: {},
    properties: { region },
  })),
  workloads: [],
  yaml,
  options: {},
});

/** What `check` delivers for these inputs, rendered. */
function rendered(yaml: string[], regions: Record<string, string>) {
  const result = checkBinding({}, inputs(yaml, regions));
  expect(result.failures).toBeUndefined();
  return renderDelivered(result.delivered!);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "ksits-render-"));
  dirs.push(d);
  return d;
}

describe("the per-WEC render (KSITS_RENDER_DIR)", () => {
  const regions = { wec1: "us-east-1", wec2: "us-west-2" };

  it("renders each WEC's expanded objects, one file per object, and a Secret by name only", () => {
    const files = rendered([APP_YAML, SECRET], regions);
    expect(files.map((f) => f.path)).toEqual([
      "app/wec1/ConfigMap.core_app_app-settings.yaml",
      "app/wec1/Namespace.core_cluster-scoped_app.yaml",
      "app/wec1/Secret.core_app_creds.yaml",
      "app/wec2/ConfigMap.core_app_app-settings.yaml",
      "app/wec2/Namespace.core_cluster-scoped_app.yaml",
      "app/wec2/Secret.core_app_creds.yaml",
    ]);
    const text = (p: string) => files.find((f) => f.path === p)!.text;
    expect(text("app/wec1/ConfigMap.core_app_app-settings.yaml")).toContain("region: us-east-1");
    expect(text("app/wec2/ConfigMap.core_app_app-settings.yaml")).toContain("region: us-west-2");
    expect(text("app/wec2/ConfigMap.core_app_app-settings.yaml")).toContain(
      "greeting: served from us-west-2",
    );
    expect(text("app/wec1/Secret.core_app_creds.yaml")).toBe(
      '# yaml[1] document 1 for WEC "wec1" (a Secret: its content is not rendered)\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: app\n',
    );
    for (const f of files) expect(f.text).not.toContain(CANARY);
  });

  it("shows an edit field by field, old and new, under each WEC it changes (diff -ru of two renders)", () => {
    const before = tmp();
    const after = tmp();
    writeRendered(before, rendered([APP_YAML, SECRET], regions));
    const edited = APP_YAML.replace(
      'greeting: "served from {{ .region }}"',
      'greeting: "hello from {{ .region }}"',
    );
    writeRendered(
      after,
      rendered(
        [APP_YAML, SECRET.replace(CANARY, `${CANARY}-rotated`)].map((y, i) => (i === 0 ? edited : y)),
        regions,
      ),
    );
    let diff = "";
    try {
      execFileSync("diff", ["-ru", before, after], { encoding: "utf8" });
    } catch (e) {
      diff = (e as { stdout: string }).stdout;
    }
    const changed = diff.split("\n").filter((l) => /^[-+] /.test(l));
    expect(changed).toEqual([
      "-  greeting: served from us-east-1",
      "+  greeting: hello from us-east-1",
      "-  greeting: served from us-west-2",
      "+  greeting: hello from us-west-2",
    ]);
    // The rotated Secret changes nothing a reviewer sees, and its value is nowhere.
    expect(diff).not.toContain(CANARY);
  });

  it("replaces a WEC's directory as a whole and never writes outside the render directory", () => {
    const dir = tmp();
    writeRendered(dir, rendered([APP_YAML], regions));
    writeRendered(dir, rendered([APP_YAML.split("---")[0]!], regions));
    expect(readdirSync(join(dir, "app", "wec1"))).toEqual(["Namespace.core_cluster-scoped_app.yaml"]);
    expect(() => writeRendered(dir, [{ path: "../escape/x.yaml", text: "" }])).toThrow(/leaves/);
    expect(existsSync(join(dir, "..", "escape"))).toBe(false);
  });
});
