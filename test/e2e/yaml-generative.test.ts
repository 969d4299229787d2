import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goJson } from "../../src/transport/go/go-json";
import { parseWorkloadYaml } from "../../src/transport/plan/yaml";
import { generateFile, prng } from "../support/yaml-generator";
import { pulumiEnv, ROOT } from "../support/sandbox";
import { kubectlPrintedObjects, kubectlReadArgs } from "../support/kubectl-read";

/**
 * Generative differential test of workload YAML against the real kubectl 1.35: files generated
 * from YAML's grammar (test/support/yaml-generator.ts, fixed seed) are read by kubectl
 * (`create --dry-run=client`, hundreds of files per call) and by the library; for every file both
 * must read the same objects, or both refuse it. The one deliberate difference: an integer beyond
 * ±2^53, which kubectl keeps and JavaScript cannot, is refused by the library. A disagreement is
 * shrunk line by line to a minimal file and printed for test/fixtures/yaml-regressions.json,
 * whose entries are checked on every run.
 *
 * A longer run: `KSITS_YAML_CASES=200000 KSITS_YAML_SEED=7 npx vitest run --project e2e
 * test/e2e/yaml-generative.test.ts` with the sandbox up.
 */
const CASES = Number(process.env.KSITS_YAML_CASES ?? 10_000);
const SEED = Number(process.env.KSITS_YAML_SEED ?? 20261206);
const PER_CALL = 500;
const DELIBERATE = /an integer beyond ±2\^53 cannot be carried exactly/;

let env: Record<string, string>;
let dir: string;

interface KubectlReading {
  /** Objects kubectl printed, by name. */
  objects: Map<string, unknown>;
  /** Files kubectl named in an error. */
  refused: Set<string>;
}

/** kubectl's reading of every file in `folder`, in one call. */
function kubectlReadFolder(folder: string): KubectlReading {
  const r = spawnSync("kubectl", kubectlReadArgs(folder), { env, encoding: "utf8", maxBuffer: 1 << 30 });
  const objects = new Map<string, unknown>();
  for (const chunk of kubectlPrintedObjects(r.stdout)) {
    // Numbers keep kubectl's own text (JSON.parse would round an int64 beyond 2^53).
    const o = JSON.parse(chunk, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === "number" ? new ExactNumber(context!.source!) : value,
    ) as { metadata?: { name?: string } };
    objects.set(o.metadata?.name ?? "", o);
  }
  const refused = new Set<string>();
  for (const m of r.stderr.matchAll(/case-(\d+)\.yaml/g)) refused.add(m[1]!);
  // A file of comments or empty documents only: kubectl has nothing to create, which is no refusal.
  if (r.status !== 0 && refused.size === 0 && !r.stderr.includes("no objects passed to create"))
    throw new Error(`kubectl failed naming no file: ${r.stderr.slice(0, 2000)}`);
  return { objects, refused };
}

/** A number as kubectl printed it. */
class ExactNumber {
  constructor(readonly text: string) {}
}

/**
 * One spelling of a value for comparison: sorted keys, strings as JSON, numbers as Go prints
 * them (kubectl's text as it is; the library's doubles through goJson, which formats like Go).
 */
function canon(v: unknown): string {
  if (v instanceof ExactNumber) return v.text;
  if (typeof v === "number") return goJson(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** The object as kubectl prints it, minus the namespace kubectl fills in from its context. */
function unplaced(o: unknown, ours: unknown): unknown {
  const meta = (o as { metadata?: Record<string, unknown> }).metadata;
  const mineMeta = (ours as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (meta?.namespace === "default" && mineMeta?.namespace === undefined) {
    const rest = { ...meta };
    delete rest.namespace;
    return { ...(o as object), metadata: rest };
  }
  return o;
}

type Reader = typeof parseWorkloadYaml;
/**
 * Injected bugs the corpus must find: a reader that ignores merge keys (reads `<<` as a plain
 * key), and one that reads YAML 1.1's octal `0644` as decimal 644 (kubectl reads 420).
 */
const BUGGY_READERS: Record<string, Reader> = {
  "merge keys ignored": (text, path) => parseWorkloadYaml(text.replace(/<<(\s*):/g, "merged$1:"), path),
  "0644 read as decimal": (text, path) => parseWorkloadYaml(text.replace(/(:\s+)0([0-7]+)\b/g, "$1$2"), path),
};

/** Why the library and kubectl disagree on one file, or undefined when they agree. */
function disagreement(
  id: string,
  text: string,
  theirs: KubectlReading,
  read: Reader = parseWorkloadYaml,
): string | undefined {
  const mine = read(text, "yaml[0]");
  const printed = [...theirs.objects.entries()].filter(([name]) => name.startsWith(`c${id}-`));
  if (theirs.refused.has(id)) {
    if (mine.issues.length === 0) return "kubectl refused it; the library read it";
    return undefined;
  }
  if (mine.issues.length > 0) {
    if (mine.issues.every((i) => DELIBERATE.test(i.reason))) return undefined;
    return `kubectl read it; the library refused it: ${mine.issues.map((i) => i.reason).join("; ")}`;
  }
  const ours = mine.objects.map((o) => canon(o));
  const kubectls = printed
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([, o], i) => canon(unplaced(o, mine.objects[i])));
  const mineSorted = mine.objects
    .map((o, i) => [(o as { metadata?: { name?: string } }).metadata?.name ?? "", ours[i]!] as const)
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([, j]) => j);
  if (JSON.stringify(mineSorted) !== JSON.stringify(kubectls))
    return `different objects:\n  kubectl ${kubectls.join("\n          ")}\n  library ${mineSorted.join("\n          ")}`;
  return undefined;
}

/** kubectl's reading of one file (for shrinking and the regression table). */
function kubectlReadOne(id: string, text: string): KubectlReading {
  const folder = join(dir, `one-${id}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  writeFileSync(join(folder, `case-${id}.yaml`), text);
  try {
    return kubectlReadFolder(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The smallest file (lines removed, ddmin, bounded) on which kubectl and the library still
 * disagree the same way. The lines that make each document an object (apiVersion, kind,
 * metadata, name) are kept, so the cut never turns the case into another disagreement.
 */
function shrink(id: string, text: string): string {
  const kindOf = (why: string | undefined) => why?.split(/[:;]/)[0];
  const wanted = kindOf(disagreement(id, text, kubectlReadOne(id, text)));
  const kept = (line: string) => /apiVersion|kind|metadata|name: c\d/.test(line);
  let lines = text.split("\n");
  const disagrees = (candidate: string[]) => {
    const t = candidate.join("\n");
    return kindOf(disagreement(id, t, kubectlReadOne(id, t))) === wanted;
  };
  let chunk = Math.max(1, Math.floor(lines.length / 2));
  let budget = 150;
  while (chunk >= 1 && budget > 0) {
    let removed = false;
    for (let start = 0; start < lines.length && budget > 0; start += chunk) {
      const cut = lines.slice(start, start + chunk);
      if (cut.some(kept)) continue;
      const candidate = [...lines.slice(0, start), ...lines.slice(start + chunk)];
      budget--;
      if (disagrees(candidate)) {
        lines = candidate;
        removed = true;
        start -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return lines.join("\n");
}

beforeAll(() => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-yaml-gen-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("workload YAML, generated from the grammar: the library reads what kubectl reads", () => {
  it(`${CASES} generated files (seed ${SEED}): every disagreement is the documented one`, () => {
    const random = prng(SEED);
    const texts = new Map<string, string>();
    const disagreements: string[] = [];
    let refusedByBoth = 0;
    let deliberate = 0;
    const bugsFound = new Map(Object.keys(BUGGY_READERS).map((k) => [k, 0]));
    for (let first = 0; first < CASES; first += PER_CALL) {
      const folder = join(dir, `batch-${first}`);
      mkdirSync(folder);
      const ids: string[] = [];
      for (let id = first; id < Math.min(CASES, first + PER_CALL); id++) {
        const text = generateFile(random, id);
        texts.set(String(id), text);
        ids.push(String(id));
        writeFileSync(join(folder, `case-${id}.yaml`), text);
      }
      const theirs = kubectlReadFolder(folder);
      for (const id of ids) {
        const text = texts.get(id)!;
        const why = disagreement(id, text, theirs);
        if (why !== undefined) disagreements.push(id);
        else if (theirs.refused.has(id)) refusedByBoth++;
        else if (parseWorkloadYaml(text, "yaml[0]").issues.length > 0) deliberate++;
        for (const [bug, read] of Object.entries(BUGGY_READERS))
          if (disagreement(id, text, theirs, read) !== undefined) bugsFound.set(bug, bugsFound.get(bug)! + 1);
      }
      rmSync(folder, { recursive: true, force: true });
    }
    console.log(
      `[yaml-generative] ${CASES} files, seed ${SEED}: ${CASES - refusedByBoth - deliberate - disagreements.length} read identically, ${refusedByBoth} refused by both, ${deliberate} refused by the library only for an integer beyond ±2^53 (documented), ${disagreements.length} disagreements`,
    );
    console.log(
      `[yaml-generative] injected bugs found in: ${[...bugsFound].map(([b, n]) => `${b} ${n} files`).join(", ")}`,
    );
    for (const [bug, n] of bugsFound) expect(n, `the injected bug "${bug}" is found`).toBeGreaterThan(0);
    const shown = disagreements.slice(0, 5).map((id) => {
      const minimal = shrink(id, texts.get(id)!);
      return `case ${id}, shrunk to ${JSON.stringify(minimal)}: ${disagreement(id, minimal, kubectlReadOne(id, minimal))}`;
    });
    expect(
      shown,
      `${disagreements.length} disagreements; add the shrunk cases to test/fixtures/yaml-regressions.json`,
    ).toEqual([]);
  }, 1_800_000);

  it("the regression table: every file found by an earlier run agrees", () => {
    const table = JSON.parse(
      readFileSync(join(ROOT, "test", "fixtures", "yaml-regressions.json"), "utf8"),
    ) as {
      text: string;
      note: string;
    }[];
    expect(table.length).toBeGreaterThan(0);
    const problems = table
      .map((c, i) => {
        const text = c.text.replace(/\bc\d+-d/g, `c${i}-d`);
        return [c, disagreement(String(i), text, kubectlReadOne(String(i), text))] as const;
      })
      .filter(([, why]) => why !== undefined)
      .map(([c, why]) => `${c.note}: ${why}`);
    expect(problems).toEqual([]);
  });
});
