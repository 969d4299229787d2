import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManifestWorkBundle } from "../../components";
import { getJson, inlineStack, kubeconfigPath, pulumiEnv, ROOT } from "../support/sandbox";

/**
 * The hub as the validator at preview, through the real engine and the sandbox hub: an object the
 * hub's API server refuses fails `pulumi preview` with the server's own message, an object of a
 * kind the hub does not serve passes on the local rules and the preview says so, and a dry-run
 * writes nothing.
 */
const RUN = Date.now().toString(36);
let env: Record<string, string>;
let dir: string;
let hubKc: string;

const statefulSet = (name: string, container = "c") => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name, namespace: `dry-run-${RUN}` },
  spec: {
    selector: { matchLabels: { app: "web" } },
    serviceName: "web",
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: container, image: "registry.example/web:1" }] },
    },
  },
});
const widget = {
  apiVersion: "widgets.example.com/v1",
  kind: "Widget",
  metadata: { name: "w", namespace: `dry-run-${RUN}` },
  spec: { size: 3 },
};

async function preview(name: string, workloads: Record<string, unknown>[]) {
  const stack: Stack = await inlineStack(
    env,
    { project: "ksits-dry-run", stack: name, stateDir: dir },
    () => {
      new ManifestWorkBundle("b", { itsKubeconfig: hubKc, clusterName: "wec1", workloads });
    },
  );
  const lines: string[] = [];
  try {
    await stack.preview({ onOutput: (l) => lines.push(l) });
    return { ok: true, output: lines.join("") };
  } catch (err) {
    return { ok: false, output: `${lines.join("")}\n${String(err)}` };
  }
}

const hubObjects = () =>
  ["statefulsets", "manifestworks"].flatMap((kind) =>
    (getJson(env, "hub", [kind, "-A"]).items as { metadata: { namespace: string; name: string } }[]).map(
      (o) => `${kind} ${o.metadata.namespace}/${o.metadata.name}`,
    ),
  );

beforeAll(() => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-dry-run-"));
  mkdirSync(join(dir, "state"), { recursive: true });
  hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pulumi preview asks the hub's API server (server-side dry-run)", () => {
  it("a StatefulSet the local rules pass and the hub refuses fails the preview with the server's message; nothing is written", async () => {
    const before = hubObjects();
    const r = await preview("refused", [statefulSet("web", "Web_1")]);
    expect(r.ok).toBe(false);
    expect(r.output).toContain(`apps/v1 StatefulSet dry-run-${RUN}/web for WEC "wec1"`);
    expect(r.output).toContain("the ITS API server refuses it (server-side dry-run)");
    expect(r.output).toContain('spec.template.spec.containers[0].name: Invalid value: "Web_1"');
    expect(hubObjects()).toEqual(before);
  });

  it("a valid object passes; a kind the hub does not serve is checked locally, and the preview says so", async () => {
    const r = await preview("accepted", [statefulSet("web"), widget]);
    expect(r.output).not.toContain("refuses it");
    expect(r.ok).toBe(true);
    expect(r.output).toContain("checked by the library's local rules only");
    expect(r.output).toContain("the hub does not serve widgets.example.com/v1 Widget");
  });
});
