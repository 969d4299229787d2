import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWorkloadObject } from "../../src/transport/plan/objects";
import { kubeconfigPath, pulumiEnv } from "../support/sandbox";

/**
 * Names and shapes as the API server judges them: every object of a generated corpus goes to the
 * sandbox's real kube-apiserver (1.35) with server-side dry-run, and the library's verdict on it
 * (`checkWorkloadObject`, what `check` runs at preview) must be the same: refuse what the server
 * refuses, accept what it accepts. Namespaced objects go to `default`, which exists.
 */
let env: Record<string, string>;
let dir: string;

const long = (n: number, c = "a") => c.repeat(n);
const labelled = (labels: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "labelled", namespace: "default", labels },
});
const annotated = (annotations: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "annotated", namespace: "default", annotations },
});
const named = (apiVersion: string, kind: string, name: string, namespace?: string) => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
  ...(kind === "ClusterRoleBinding" || kind === "RoleBinding"
    ? { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [] }
    : {}),
  ...(kind === "Service" ? { spec: { ports: [{ port: 80 }] } } : {}),
});

const NAMES = [
  "a",
  "team-a",
  "team.a",
  "Team",
  "-a",
  "a-",
  "1a",
  "a_b",
  "a..b",
  "system:viewer",
  "a/b",
  "a%b",
  "..",
  ".",
  "Caps_and.dots",
  long(63),
  long(64),
  long(253),
  `${long(63)}.${long(63)}.${long(63)}.${long(61)}`,
  `${long(63)}.${long(63)}.${long(63)}.${long(62)}`,
];
const KINDS: [string, string, boolean][] = [
  ["v1", "Namespace", false],
  ["v1", "Service", true],
  ["v1", "ConfigMap", true],
  ["v1", "Secret", true],
  ["v1", "ServiceAccount", true],
  ["rbac.authorization.k8s.io/v1", "ClusterRole", false],
  ["rbac.authorization.k8s.io/v1", "Role", true],
  ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false],
  ["scheduling.k8s.io/v1", "PriorityClass", false],
];

const CASES: [string, unknown][] = [
  ...KINDS.flatMap(([apiVersion, kind, namespaced]) =>
    NAMES.map((name): [string, unknown] => [
      `${kind} named ${name.length > 20 ? `<${name.length} chars>` : JSON.stringify(name)}`,
      named(apiVersion, kind, name, namespaced ? "default" : undefined),
    ]),
  ),
  ["label key with a prefix", labelled({ "app.kubernetes.io/name": "web" })],
  ["label key with a space", labelled({ "bad key": "x" })],
  ["label key with two slashes", labelled({ "a/b/c": "x" })],
  ["label key with an upper-case prefix", labelled({ "Example.com/x": "x" })],
  ["label key prefix of 254 characters", labelled({ [`${long(254)}/x`]: "x" })],
  ["label key name of 64 characters", labelled({ [long(64)]: "x" })],
  ["label value of 63 characters", labelled({ a: long(63) })],
  ["label value of 64 characters", labelled({ a: long(64) })],
  ["label value starting with '-'", labelled({ a: "-x" })],
  ["empty label value", labelled({ a: "" })],
  ["label value with a slash", labelled({ a: "x/y" })],
  ["annotation key with a space", annotated({ "bad key!": "x" })],
  [
    "annotation with any value",
    annotated({ "example.com/note": "Any text: spaces, /slashes/ and ünïcödé." }),
  ],
  ["annotations of 256 KiB in all", annotated({ a: long(256 * 1024 - 1) })],
  ["annotations over 256 KiB", annotated({ a: long(256 * 1024) })],
  [
    "a cluster-scoped object with a namespace",
    { ...named("v1", "Namespace", "with-ns"), metadata: { name: "with-ns", namespace: "default" } },
  ],
];

/** The server's verdict: undefined when it accepts, else its message. */
function serverVerdict(object: unknown, i: number): string | undefined {
  const file = join(dir, `case-${i}.json`);
  writeFileSync(file, JSON.stringify(object));
  try {
    execFileSync(
      "kubectl",
      [
        "--kubeconfig",
        kubeconfigPath("hub"),
        "create",
        "--dry-run=server",
        "--validate=false",
        "-o",
        "name",
        "-f",
        file,
      ],
      { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    return undefined;
  } catch (e) {
    return String((e as { stderr?: unknown }).stderr ?? e).trim();
  }
}

beforeAll(() => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-verdicts-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("object names and shapes: the library refuses exactly what the API server refuses", () => {
  it(`${CASES.length} generated objects, 0 disagreements`, () => {
    const disagreements: string[] = [];
    let refusedByBoth = 0;
    CASES.forEach(([what, object], i) => {
      const server = serverVerdict(object, i);
      const library = checkWorkloadObject(object, `workloads[${i}]`);
      if ((server === undefined) !== (library.length === 0)) {
        disagreements.push(
          `${what}: server ${server === undefined ? "accepts" : `refuses (${server.slice(0, 160)})`}, library ${
            library.length === 0
              ? "accepts"
              : `refuses (${library
                  .map((l) => l.reason)
                  .join("; ")
                  .slice(0, 160)})`
          }`,
        );
      } else if (server !== undefined) refusedByBoth++;
    });
    console.log(
      `${CASES.length} objects: ${refusedByBoth} refused by both, ${CASES.length - refusedByBoth - disagreements.length} accepted by both`,
    );
    expect(disagreements).toEqual([]);
  });
});
