import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goJson } from "../../src/transport/go/go-json";
import { parseWorkloadYaml } from "../../src/transport/plan/yaml";
import { pulumiEnv } from "../support/sandbox";
import { kubectlPrintedObjects, kubectlReadArgs } from "../support/kubectl-read";

/**
 * Workload YAML is read exactly as kubectl reads it. The sandbox's real kubectl (1.35, built from
 * the pinned module) converts a generated corpus, and the library's reader must produce the same
 * JSON for every case, or refuse it where kubectl fails too. Deliberate differences are listed
 * in DELIBERATE with the reason; every other disagreement fails the test.
 */
let env: Record<string, string>;
let dir: string;

/** kubectl's reading of a file: the objects, or undefined when kubectl refuses it. */
function kubectlRead(text: string, name: string): unknown[] | undefined {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  try {
    const out = execFileSync("kubectl", kubectlReadArgs(file), {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return kubectlPrintedObjects(out).map((chunk) => JSON.parse(chunk) as unknown);
  } catch (e) {
    if (process.env.KSITS_DEBUG_YAML !== undefined) console.error(String((e as { stderr?: unknown }).stderr));
    return undefined;
  }
}

/** JSON text with sorted keys (Go's encoder order); -0 prints as 0, as JSON.stringify does. */
const canonical = (v: unknown) => goJson(v);

/** Scalars in every spelling: numbers in every base and size, booleans, nulls, dates, oddities. */
const SCALARS = [
  "0",
  "-0",
  "+0",
  "00",
  "0644",
  "-0644",
  "0o644",
  "0O17",
  "08",
  "09.5",
  "0x1F",
  "0X1f",
  "-0x1F",
  "0x_1F",
  "0b101",
  "-0b11",
  "0B11",
  "1_000",
  "1__0",
  "_1",
  "+12",
  "-12",
  "1e3",
  "1E-3",
  "1e+3",
  ".5",
  "-.5",
  "+.5",
  "1.",
  "1.5e3",
  "0.1",
  "3.14159265358979323846",
  "123456789012",
  "9007199254740992",
  "-9007199254740992",
  "1e21",
  "1e-7",
  "18446744073709551616",
  "99999999999999999999",
  "1e400",
  "-1e400",
  "1e-400",
  "0x",
  "0b",
  "1_",
  "1.2.3",
  "1e",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "yEs",
  "n",
  "N",
  "no",
  "NO",
  "on",
  "On",
  "ON",
  "off",
  "OFF",
  "true",
  "True",
  "TRUE",
  "tRUE",
  "false",
  "FALSE",
  "~",
  "null",
  "Null",
  "NULL",
  "nULL",
  "",
  "'yes'",
  '"0644"',
  "!!str 0644",
  "!!str yes",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10",
  "190:20:30",
  "1:20",
  "1:20.5",

  "+",
  ".",
  "..",
  "Infinity",
  "NaN",
  "inf",
  ".inF",
  "0.",
  "+1_0.5",
  "1_0e1_0",
  "0o",
  "0b2",
  "0_644",
  "00x1",
];

/** kubectl accepts these; the library refuses them on purpose (reason in the value). */
const DELIBERATE: Record<string, string> = {
  "9223372036854775807":
    "an exact int64 beyond ±2^53: JavaScript and Pulumi's property values are doubles, so it cannot be carried exactly; refused rather than rounded",
  "9007199254740993": "beyond ±2^53: same reason",
  "-9223372036854775808": "beyond ±2^53: same reason",
};

/** kubectl fails on these (no JSON form), and so must the library. */
const BOTH_REFUSE = [".inf", "-.inf", "+.INF", ".nan", ".NaN"];

/** Documents kubectl refuses, and so must the library (its words in the value). */
const DOCUMENTS_BOTH_REFUSE: Record<string, string> = {
  "a List inside a List (kubectl: not a list: no Items field)":
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: n}}\n",
  "a sequence entry where a value is expected":
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nspec:\n  v: -\n",
};

/** Documents whose structure matters: Lists, merge keys, anchors, multi-docs, BOM, CRLF, comments, keys. */
const DOCUMENTS: Record<string, string> = {
  // Two keys Go reads as the same JSON key (y and on are both true): the last wins, in both.
  "keys that collide once resolved (y and on are both true)":
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\nspec:\n  y: 1\n  on: 2\n",
  list: "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n",
  "typed list, items without kind":
    "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: t1}\n  data: {a: b}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: t2}}\n",
  "empty list":
    "apiVersion: v1\nkind: List\nitems: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n",
  "merge keys":
    "base: &base {a: 1, b: two}\nother: &other {c: 3}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\nspec:\n  one:\n    <<: *base\n    b: override\n  many:\n    <<: [*base, *other]\n",
  anchors:
    "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: anchored, labels: {x: z}}\nspec: {copy: *m, list: &l [1, 2], again: *l}\n",
  "multi-doc with comments and empty docs":
    "# leading comment\n---\n---\napiVersion: v1 # trailing\nkind: ConfigMap\nmetadata: {name: c1}\n...\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2}\n",
  bom: "\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n",
  crlf: 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: "x"\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: crlf2}\r\n',
  "keys as booleans and integers":
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keys}\nspec:\n  y: 1\n  no: 3\n  1: a\n  0x10: b\n  0644: c\n  '0645': d\n  ~x: e\n",
  "block scalars":
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blocks}\ndata:\n  literal: |\n    line 1\n    0644\n  folded: >-\n    a\n    b\n  keep: |+\n    x\n\n",
  json: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}, "spec": {"n": 0644, "f": 1.50}}',
  "flow style": "{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}, spec: {a: [yes, no, 0x1F, ~]}}",
};

beforeAll(() => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-yaml-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("workload YAML: the library reads what kubectl reads", () => {
  it(`${SCALARS.length} scalar spellings give identical JSON`, () => {
    const all = [...SCALARS, ...Object.keys(DELIBERATE)];
    const doc = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scalars}\nspec:\n${all.map((s, i) => `  c${i}: ${s}`).join("\n")}\n`;
    const theirs = kubectlRead(doc, "scalars");
    expect(theirs, "kubectl read the scalar corpus").toBeDefined();
    const theirSpec = (theirs![0] as { spec: Record<string, unknown> }).spec;
    // The library refuses the deliberate ones; read the rest in one document like kubectl did.
    const mine = parseWorkloadYaml(doc, "yaml[0]");
    const refused = new Set(
      mine.issues.map((i) => /spec\.c(\d+)/.exec(i.reason)?.[1]).filter((x): x is string => x !== undefined),
    );
    const disagreements: string[] = [];
    all.forEach((spelling, i) => {
      const expected = DELIBERATE[spelling];
      if (expected !== undefined) {
        if (!refused.has(String(i)))
          disagreements.push(`${spelling}: expected the library to refuse it (${expected})`);
        return;
      }
      if (refused.has(String(i))) {
        disagreements.push(
          `${spelling}: the library refused it, kubectl read ${canonical(theirSpec[`c${i}`])}`,
        );
      }
    });
    if (mine.issues.length > 0 && refused.size === mine.issues.length) {
      // Compare the rest by reading it without the refused ones.
      const kept = all.filter((_s, i) => !refused.has(String(i)));
      const again = parseWorkloadYaml(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scalars}\nspec:\n${kept.map((s) => `  c${all.indexOf(s)}: ${s}`).join("\n")}\n`,
        "yaml[0]",
      );
      expect(again.issues).toEqual([]);
      const ours = (again.objects[0] as { spec: Record<string, unknown> }).spec;
      kept.forEach((spelling) => {
        const key = `c${all.indexOf(spelling)}`;
        if (canonical(ours[key]) !== canonical(theirSpec[key])) {
          disagreements.push(
            `${JSON.stringify(spelling)}: kubectl ${canonical(theirSpec[key])}, library ${canonical(ours[key])}`,
          );
        }
      });
    } else {
      disagreements.push(`unexpected issues: ${JSON.stringify(mine.issues)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it.each(BOTH_REFUSE)("%s: kubectl refuses it and so does the library", (spelling) => {
    const doc = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: refuse}\nspec: {v: ${spelling}}\n`;
    expect(kubectlRead(doc, "refuse")).toBeUndefined();
    expect(parseWorkloadYaml(doc, "yaml[0]").issues.map((i) => i.reason)).toEqual([
      expect.stringContaining("json: unsupported value"),
    ]);
  });

  it.each(Object.entries(DOCUMENTS_BOTH_REFUSE))("%s: both refuse", (name, text) => {
    expect(kubectlRead(text, name.replace(/\W+/g, "-"))).toBeUndefined();
    expect(parseWorkloadYaml(text, "yaml[0]").issues).not.toEqual([]);
  });

  it.each(Object.entries(DOCUMENTS))("%s: identical objects", (name, text) => {
    const theirs = kubectlRead(text, name.replace(/\W+/g, "-"));
    expect(theirs, "kubectl read it").toBeDefined();
    const mine = parseWorkloadYaml(text, "yaml[0]");
    expect(mine.issues).toEqual([]);
    // kubectl fills in the namespace of its context; that is kubectl placing, not reading.
    const placed = theirs!.map((o, i) => {
      const mineMeta = (mine.objects[i] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
      const meta = (o as { metadata?: Record<string, unknown> }).metadata;
      if (meta !== undefined && mineMeta?.namespace === undefined && meta.namespace === "default") {
        const rest = { ...meta };
        delete rest.namespace;
        return { ...(o as object), metadata: rest };
      }
      return o;
    });
    expect(mine.objects.map(canonical)).toEqual(placed.map(canonical));
  });
});
