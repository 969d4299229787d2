import * as pulumi from "@pulumi/pulumi";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { WorkloadBinding, WorkloadExecutionCluster, InventoryTransportSpace } from "../../components";
import { inlineStack, kubeconfigPath, pulumiEnv } from "../support/sandbox";

/**
 * What a failed preview prints, through the real engine: the problem once, in the library's
 * words, and nothing of ours after it (no "error serializing property" chain from an Output
 * shared by several children, no stack trace, no "Channel has been shut down" from a log left in
 * flight).
 */
const EXPECTED: Record<string, string[]> = {
  "output-label": [
    'invalid WorkloadExecutionCluster "xwec2" args:',
    'labels.bad key!: label key "bad key!" is invalid',
  ],
  "wec-as-its": ["itsKubeconfig: points at", "a WEC: it serves OCM's AppliedManifestWork, not ManifestWork"],
  "yaml-tab": [
    "yaml[0]: kubectl cannot read yaml[0] document 1: yaml: line 7: found character that cannot start any token",
  ],
};

it("a failed preview prints its problem once and nothing of the library after it", async () => {
  const env = pulumiEnv();
  const dir = mkdtempSync(join(tmpdir(), "ksits-scratch-"));
  mkdirSync(join(dir, "s"));
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  for (const variant of ["output-label", "wec-as-its", "yaml-tab"]) {
    const stack = await inlineStack(env, { project: "ksits-scratch", stack: variant, stateDir: dir }, () => {
      const its = new InventoryTransportSpace("its1", {
        type: "external",
        kubeconfig: pulumi.secret(
          variant === "wec-as-its" ? readFileSync(kubeconfigPath("wec1"), "utf8") : hub,
        ),
      });
      const wecs = ["wec1", "wec2", "wec3"].map(
        (n) =>
          new WorkloadExecutionCluster(`x${n}`, {
            its,
            clusterName: `x${n}`,
            labels:
              variant === "output-label" && n === "wec2" ? { "bad key!": pulumi.output("v") } : { env: "a" },
          }),
      );
      new WorkloadBinding("app", {
        its,
        wecs,
        clusterSelectors: [{}],
        yaml: [
          variant === "yaml-tab"
            ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n\tk: v\n"
            : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n",
        ],
      });
    });
    const lines: string[] = [];
    try {
      await stack.preview({ onOutput: (l) => lines.push(l) });
      lines.push("PREVIEW OK");
    } catch (e) {
      lines.push(`ERR: ${String(e)}`);
    }
    const out = lines.join("");
    expect(out, variant).toContain("ERR:");
    for (const fragment of EXPECTED[variant]!) expect(out, variant).toContain(fragment);
    expect(out, variant).not.toContain("error serializing property");
    expect(out, variant).not.toContain("Channel has been shut down");
    expect(out, variant).not.toMatch(/^\s+at .*\.(ts|js):\d+/m);
    // The problem is reported on one resource (the inline runner repeats the program's own
    // errors in its summary; a CLI program does not).
    const start = out.indexOf("Diagnostics:");
    const diagnostics = out.slice(start, out.indexOf("Resources:", start));
    expect(diagnostics.split(EXPECTED[variant]![0]!).length - 1, variant).toBeLessThanOrEqual(2);
  }
}, 300_000);
