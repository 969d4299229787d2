import type { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryTransportSpace, ManifestWorkBundle, WorkloadExecutionCluster } from "../../components";
import {
  eventually,
  filesUnder,
  getJson,
  inlineStack,
  kubeconfigPath,
  pulumiEnv,
  ROOT,
  sandboxJoinIdentity,
  transportPicture,
} from "../support/sandbox";

/**
 * A Secret in every notation stays secret through the real engine: a canary per notation, in
 * `yaml` and in `workloads`, must appear neither in `preview --diff`, nor in the engine's output
 * of `up`, nor in any state file — while the Secrets really reach the WEC.
 */
const RUN = Date.now().toString(36);
const canary = (n: string) => `canary-${n}-${RUN}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const NOTATIONS: Record<string, string> = {
  block: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s-block\n  namespace: default\nstringData:\n  p: ${canary("block")}\n`,
  "quoted kind and a comment": `apiVersion: v1\nkind: "Secret" # credentials\nmetadata: {name: s-quoted, namespace: default}\nstringData: {p: ${canary("quoted")}}\n`,
  flow: `{apiVersion: v1, kind: Secret, metadata: {name: s-flow, namespace: default}, data: {p: ${b64(canary("flow"))}}}`,
  json: JSON.stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s-json", namespace: "default" },
    stringData: { p: canary("json") },
  }),
  list: `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s-list, namespace: default}\n  stringData: {p: ${canary("list")}}\n`,
  "typed list": `apiVersion: v1\nkind: SecretList\nitems:\n- metadata: {name: s-typed, namespace: default}\n  stringData: {p: ${canary("typed")}}\n`,
  crlf: `apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s-crlf\r\n  namespace: default\r\nstringData:\r\n  p: ${canary("crlf")}\r\n`,
  "second document": `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c-plain, namespace: default}\n---\nkind: Secret\napiVersion: v1\nmetadata: {name: s-second, namespace: default}\nstringData: {p: ${canary("second")}}\n`,
};
/** Each notation's canary as it would leak: the plain text, or the base64 the flow case carries. */
const CANARIES = [
  ...["block", "quoted", "json", "list", "typed", "crlf", "second", "objects"].map(canary),
  b64(canary("flow")),
];

let env: Record<string, string>;
let dir: string;
let stack: Stack;
const output: string[] = [];
const onOutput = (line: string) => output.push(line);

beforeAll(async () => {
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-secrets-"));
  mkdirSync(join(dir, "state"));
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  stack = await inlineStack(
    env,
    { project: "ksits-secrets", stack: "secrets", stateDir: join(dir, "state") },
    () => {
      // The WEC is accepted first: bundles need its mailbox namespace.
      const its = new InventoryTransportSpace("its1", { type: "external", kubeconfig: hub });
      const wec1 = new WorkloadExecutionCluster(
        "wec1",
        {
          itsKubeconfig: its.kubeconfig,
          itsProvider: its.provider,
          joinIdentity: sandboxJoinIdentity("wec1"),
        },
        { dependsOn: [its] },
      );
      const after = { dependsOn: [wec1] };
      Object.entries(NOTATIONS).forEach(([name, text], i) => {
        new ManifestWorkBundle(
          `yaml-${i}`,
          {
            itsKubeconfig: hub,
            clusterName: "wec1",
            bundleSetName: `secret-yaml-${i}`,
            yaml: [text],
            waitFor: "Applied",
            bindingName: name.replace(/\W+/g, "-"),
          },
          after,
        );
      });
      new ManifestWorkBundle(
        "objects",
        {
          itsKubeconfig: hub,
          clusterName: "wec1",
          bundleSetName: "secret-objects",
          workloads: [
            {
              apiVersion: "v1",
              kind: "List",
              items: [
                {
                  apiVersion: "v1",
                  kind: "Secret",
                  metadata: { name: "s-objects", namespace: "default" },
                  stringData: { p: canary("objects") },
                },
              ],
            },
          ],
          waitFor: "Applied",
        },
        after,
      );
    },
  );
}, 600_000);

afterAll(async () => {
  try {
    await stack?.destroy({ onOutput });
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

describe("Secrets in every notation through the real engine", () => {
  it(`${CANARIES.length} canaries: none in preview --diff, the up output or state; every Secret on the WEC`, async () => {
    const preview = await stack.preview({ diff: true, onOutput });
    const up = await stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    const texts = [preview.stdout, preview.stderr, up.stdout, up.stderr, output.join("\n")];
    const state = filesUnder(join(dir, "state")).map((f) => readFileSync(f, "utf8"));
    const hits = CANARIES.flatMap((c) => [...texts, ...state].filter((t) => t.includes(c)).map(() => c));
    expect(hits).toEqual([]);
    for (const name of [
      "s-block",
      "s-quoted",
      "s-flow",
      "s-json",
      "s-list",
      "s-typed",
      "s-crlf",
      "s-second",
      "s-objects",
    ]) {
      await eventually(
        `Secret ${name} on wec1`,
        () => getJson(env, "wec1", ["secret", name, "-n", "default"]) !== undefined,
        120_000,
        () => transportPicture(env, "wec1"),
      );
    }
  });
});
