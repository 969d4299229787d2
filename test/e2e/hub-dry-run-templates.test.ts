import * as pulumi from "@pulumi/pulumi";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it, expect } from "vitest";
import { ManifestWorkBundle } from "../../components";
import { inlineStack, kubeconfigPath, pulumiEnv } from "../support/sandbox";

/**
 * The hub's dry-run judges each WEC's expansion of a templated object, with the ITS kubeconfig an
 * Output: the WEC whose properties make the object invalid fails the preview, at the object's
 * source, and the other WEC's expansion passes.
 */
it("a templated object is judged per WEC as expanded, with an Output kubeconfig", async () => {
  const env = pulumiEnv();
  const dir = mkdtempSync(join(tmpdir(), "ksits-dry-run-templates-"));
  mkdirSync(join(dir, "s"));
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  const stack = await inlineStack(
    env,
    { project: "ksits-dry-run-templates", stack: "a", stateDir: dir },
    () => {
      for (const [wec, properties] of [
        ["wec1", { tag: "-ok" }],
        ["wec2", { tag: "Bad_Tag" }],
      ] as const)
        new ManifestWorkBundle(`b-${wec}`, {
          itsKubeconfig: pulumi.output(Promise.resolve(hub)),
          clusterName: wec,
          properties,
          workloads: [
            {
              apiVersion: "apps/v1",
              kind: "Deployment",
              metadata: {
                name: "web-{{ .clusterName }}",
                namespace: "app",
                annotations: { "control.kubestellar.io/expand-templates": "true" },
              },
              spec: {
                selector: { matchLabels: { app: "web" } },
                template: {
                  metadata: { labels: { app: "web" } },
                  spec: { containers: [{ name: "{{ .clusterName }}{{ .tag }}", image: "x" }] },
                },
              },
            },
          ],
        });
    },
  );
  const lines: string[] = [];
  let ok = true;
  try {
    await stack.preview({ onOutput: (l) => lines.push(l) });
  } catch (e) {
    ok = false;
    lines.push(String(e));
  }
  const out = lines.join("");
  expect(ok).toBe(false);
  expect(out).toContain(
    'workloads[0]: apps/v1 Deployment app/web-wec2 for WEC "wec2": the ITS API server refuses it',
  );
  expect(out).toContain('Invalid value: "wec2Bad_Tag"');
  expect(out).not.toContain('web-wec1 for WEC "wec1": the ITS');
});
