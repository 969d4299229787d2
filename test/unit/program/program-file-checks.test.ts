import { describe, expect, it } from "vitest";
import {
  kubeconfigFileIssues,
  overlappingBindingIssues,
  sharedHubIssues,
  workloadFileObjects,
} from "../../../src/program/file-checks";
import type { ConfigFile } from "../../../src/program/file-checks";
import type { ProgramConfig } from "../../../src/program/config";
import type { InputIssue } from "../../../src/kube/errors";
import { buildTokenKubeconfig } from "../../../src/kube/kubeconfig";

const file = (configPath: string, name: string, text: string): ConfigFile => ({
  configPath,
  file: name,
  text,
});
const hub = (server: string) => buildTokenKubeconfig({ server, token: "secret-token-canary" });
const cm = (name: string, ns = "apps") =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}}\n`;

describe("the program checks the files stack config names, by config path and file", () => {
  it("a kubeconfig file that is empty, or YAML but no kubeconfig, never quoting it", () => {
    const issues = kubeconfigFileIssues([
      file("itses[0].kubeconfigFile", "hub.yaml", "apiVersion: v1\nkind: ConfigMap\n"),
      file("wecs[1].wecKubeconfigFile", "wec.kubeconfig", "  \n"),
      file("itses[1].kubeconfigFile", "ok.kubeconfig", hub("https://a:6443")),
    ]);
    expect(issues).toEqual([
      {
        path: "itses[0].kubeconfigFile",
        reason: '"hub.yaml" is not a usable kubeconfig: kubeconfig has no current-context',
      },
      { path: "wecs[1].wecKubeconfigFile", reason: '"wec.kubeconfig" is empty; it must be a kubeconfig' },
    ]);
  });

  it("two ITSes on one API server are refused, naming both", () => {
    const issues = sharedHubIssues([
      file("itses[0].kubeconfigFile", "a", hub("https://hub:6443")),
      undefined,
      file("itses[2].kubeconfigFile", "b", hub("https://other:6443")),
      file("itses[3].hostingKubeconfigFile", "c", hub("https://hub:6443")),
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("itses[3].hostingKubeconfigFile");
    expect(issues[0]!.reason).toMatch(
      /^names the same API server as itses\[0\]\.kubeconfigFile \("https:\/\/hub:6443"\)/,
    );
    expect(JSON.stringify(issues)).not.toContain("secret-token-canary");
  });

  it("a bad object in a workload's second file names the config path, the file and the object", () => {
    const issues: InputIssue[] = [];
    const objects = workloadFileObjects(
      file(
        "workloads[0].files[1]",
        "shop/web.yaml",
        `${cm("ok")}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n`,
      ),
      issues,
    );
    expect(objects).toHaveLength(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("workloads[0].files[1]");
    expect(issues[0]!.reason).toMatch(
      /^"shop\/web\.yaml" object 2, metadata\.name: v1 ConfigMap Bad_Name: metadata\.name "Bad_Name"/,
    );
  });

  it("a file holding a Secret gets the text-free wordings", () => {
    const issues: InputIssue[] = [];
    workloadFileObjects(
      file(
        "workloads[0].files[0]",
        "s.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a, labels: {k: 'pw-canary-1234 x'}}\nstringData: {p: pw-canary-1234}\n---\n{a: *pw-canary-1234}\n",
      ),
      issues,
    );
    expect(issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(issues)).not.toContain("canary");
  });

  it("YAML kubectl cannot read names the file and the line", () => {
    const issues: InputIssue[] = [];
    workloadFileObjects(file("workloads[2].files[0]", "x.yaml", "a: [1\n"), issues);
    expect(issues).toEqual([
      {
        path: "workloads[2].files[0]",
        reason: expect.stringMatching(
          /^kubectl cannot read workloads\[2\]\.files\[0\] \("x\.yaml"\) document 1: .*line/,
        ),
      },
    ]);
  });

  it("two bindings placing one object on one WEC are refused; templated names and other WECs are not", () => {
    const config: ProgramConfig = {
      itses: [{ name: "its1" }],
      wecs: [
        { name: "wec1", its: "its1", labels: { env: "prod" } },
        { name: "wec2", its: "its1", labels: { env: "dev" } },
      ],
      workloads: [{ name: "a" }, { name: "b" }, { name: "t" }],
      bindings: [
        { name: "prod", its: "its1", workloads: ["a"], clusterSelectors: [{ matchLabels: { env: "prod" } }] },
        { name: "dev", its: "its1", workloads: ["b"], clusterSelectors: [{ matchLabels: { env: "dev" } }] },
        {
          name: "all",
          its: "its1",
          workloads: ["a", "t"],
          clusterSelectors: [{ matchExpressions: [{ key: "env", operator: "Exists" }] }],
        },
      ],
    };
    const parse = (text: string) => workloadFileObjects(file("w", "f", text), []);
    const objects = new Map([
      ["a", parse(cm("shared"))],
      ["b", parse(cm("shared"))],
      [
        "t",
        parse(
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x-{{ .clusterName }}"\n  namespace: apps\n  annotations: {control.kubestellar.io/expand-templates: "true"}\n`,
        ),
      ],
    ]);
    const issues = overlappingBindingIssues(config, objects);
    expect(issues.map((i) => `${i.path}: ${i.reason.split(";")[0]}`)).toEqual([
      'bindings[2]: places /ConfigMap apps/shared on WEC "wec1", which bindings[0] ("prod") places there too',
      'bindings[2]: places /ConfigMap apps/shared on WEC "wec2", which bindings[1] ("dev") places there too',
    ]);
  });
});
