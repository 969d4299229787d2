import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DryRunClient } from "../../src/kube/dry-run-client";
import { makeDryRunClient } from "../../src/kube/dry-run-client";
import { dryRunBody, verdictOf } from "../../src/transport/delivery/shared/hub-validation";
import type { KubeObject } from "../../src/transport/plan/objects";
import { checkWorkloadObject } from "../../src/transport/plan/objects";
import type { ObjectCase, Site } from "../support/object-generator";
import { generateObjects } from "../support/object-generator";
import { kubeconfigPath, ROOT } from "../support/sandbox";

/**
 * Generative differential test of the library's local object rules (`checkWorkloadObject`, what
 * a preview without the hub relies on) against the real kube-apiserver 1.35 of the sandbox hub,
 * by server-side dry-run: OBJECT_CASES generated objects (test/support/object-generator.ts, fixed
 * seed; `KSITS_OBJECT_SEED` / `KSITS_OBJECT_CASES` for a longer search), each with one site at or
 * around a limit. The library must refuse exactly what the server refuses. Every disagreement is
 * shrunk (the generated value cut down while the disagreement holds) and printed; the minimal
 * cases found are kept in test/fixtures/object-regressions.json and judged on every run.
 * A bug injected into the name rules must be found by the same corpus.
 */
const OBJECT_CASES = 10_000;
const REGRESSIONS = join(ROOT, "test", "fixtures", "object-regressions.json");
const CONCURRENCY = 16;

type Verdict = "accepts" | "refuses" | "unjudged";
type LocalCheck = (object: unknown) => boolean;
const libraryAccepts: LocalCheck = (o) => checkWorkloadObject(o, "w").length === 0;

let client: DryRunClient;

/** The server's verdict on an object as the library would send it (create; an existing one: update). */
async function serverOn(object: KubeObject): Promise<Verdict> {
  const resource = await client.resource(object.apiVersion, object.kind);
  if (resource === undefined) return "unjudged";
  const body = dryRunBody(object, resource.namespaced);
  const created = await client.create(resource, body);
  const v = verdictOf(created, created.status === 409 ? await client.replace(resource, body) : undefined);
  return v.kind === "accepted" ? "accepts" : v.kind === "refused" ? "refuses" : "unjudged";
}

/**
 * The server's verdict on a case. A generated namespace is judged as the server judges it, as the
 * name of a Namespace (the object itself is sent into `default`, which exists).
 */
async function serverVerdict(c: Pick<ObjectCase, "site" | "value" | "object">): Promise<Verdict> {
  const own = await serverOn(c.object as KubeObject);
  // An empty namespace is no namespace: the object goes to the WEC's default.
  if (c.site !== "namespace" || c.value === "" || own !== "accepts") return own;
  return serverOn({ apiVersion: "v1", kind: "Namespace", metadata: { name: c.value } });
}

async function mapLimit<T, U>(items: readonly T[], limit: number, f: (t: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

/** The case with its site set to `value` (the object rebuilt the way the generator built it). */
function withValue(c: ObjectCase, value: string): ObjectCase {
  const text = JSON.stringify(c.object);
  const json = JSON.stringify(c.value).slice(1, -1);
  const replaced = text.split(json).join(JSON.stringify(value).slice(1, -1));
  return { ...c, value, object: JSON.parse(replaced) as Record<string, unknown> };
}

/** Cuts the value down while the library and the server still disagree on it. */
async function shrink(c: ObjectCase, local: LocalCheck): Promise<ObjectCase> {
  const disagrees = async (x: ObjectCase) => {
    const server = await serverVerdict(x);
    return server !== "unjudged" && (server === "accepts") !== local(x.object);
  };
  let best = c;
  for (let progress = true, rounds = 0; progress && rounds < 50; rounds++) {
    progress = false;
    const v = best.value;
    const candidates = [
      v.slice(0, Math.floor(v.length / 2)),
      v.slice(Math.floor(v.length / 2)),
      ...Array.from({ length: Math.min(v.length, 24) }, (_, i) => v.slice(0, i) + v.slice(i + 1)),
      ...Array.from(
        { length: Math.min(v.length, 24) },
        (_, i) => v.slice(0, v.length - 1 - i) + v.slice(v.length - i),
      ),
    ].filter((x) => x.length < v.length && x !== "");
    for (const candidate of candidates) {
      const next = withValue(best, candidate);
      if (JSON.stringify(next.object) === JSON.stringify(best.object)) continue;
      if (await disagrees(next)) {
        best = next;
        progress = true;
        break;
      }
    }
  }
  return best;
}

interface Regression {
  readonly kind: string;
  readonly site: Site;
  readonly value: string;
  readonly object: Record<string, unknown>;
  /** What the server said when the case was found; it is asked again on every run. */
  readonly server: "accepts" | "refuses";
}

/** Runs the corpus with `local` as the library's rules; the disagreements, shrunk. */
function differential(cases: readonly ObjectCase[], local: LocalCheck, verdicts: readonly Verdict[]) {
  const disagreements = cases.filter(
    (c, i) => verdicts[i] !== "unjudged" && (verdicts[i] === "accepts") !== local(c.object),
  );
  return disagreements;
}

const short = (s: string) =>
  s.length > 70 ? `${JSON.stringify(s.slice(0, 60))}…(${s.length})` : JSON.stringify(s);

let cases: ObjectCase[];
let verdicts: Verdict[];

beforeAll(async () => {
  client = makeDryRunClient(readFileSync(kubeconfigPath("hub"), "utf8"));
  const seed = Number(process.env.KSITS_OBJECT_SEED ?? "") || 0x0b1ec7;
  const count = Number(process.env.KSITS_OBJECT_CASES ?? "") || OBJECT_CASES;
  cases = generateObjects(seed, count);
  const started = Date.now();
  verdicts = await mapLimit(cases, CONCURRENCY, serverVerdict);
  const n = (v: Verdict) => verdicts.filter((x) => x === v).length;
  console.log(
    `${cases.length} objects judged by the API server in ${Date.now() - started} ms: ` +
      `${n("accepts")} accepted, ${n("refuses")} refused, ${n("unjudged")} not judgeable`,
  );
}, 900_000);

describe("local object rules against the real kube-apiserver (generative, server-side dry-run)", () => {
  it(`${OBJECT_CASES} generated objects: the library refuses exactly what the server refuses`, async () => {
    const found = differential(cases, libraryAccepts, verdicts);
    // One per kind and site (the rest are alike), shrunk.
    const firsts = new Map<string, ObjectCase>();
    for (const c of found) if (!firsts.has(`${c.kind} ${c.site}`)) firsts.set(`${c.kind} ${c.site}`, c);
    const shrunk = await mapLimit([...firsts.values()].slice(0, 60), 4, (c) => shrink(c, libraryAccepts));
    const lines = shrunk.map(
      (c) =>
        `${c.kind} ${c.site} ${short(c.value)}: server ${verdicts[c.id]}, library ${libraryAccepts(c.object) ? "accepts" : "refuses"}`,
    );
    const byGroup = new Map<string, number>();
    for (const c of found) byGroup.set(`${c.kind} ${c.site}`, (byGroup.get(`${c.kind} ${c.site}`) ?? 0) + 1);
    console.log(
      [
        `${cases.length} cases, ${found.length} disagreements`,
        ...[...byGroup].map(([g, n]) => `  ${n}\t${g}`),
        ...lines,
      ].join("\n"),
    );
    const report = process.env.KSITS_OBJECT_REPORT;
    if (report !== undefined && report !== "") {
      const table: Regression[] = await Promise.all(
        shrunk.map(async (c) => ({
          kind: c.kind,
          site: c.site,
          value: c.value,
          object: c.object,
          server: (await serverVerdict(c)) === "accepts" ? ("accepts" as const) : ("refuses" as const),
        })),
      );
      writeFileSync(report, `${JSON.stringify(table, null, 2)}\n`);
    }
    expect(lines, `${found.length} disagreements`).toEqual([]);
    expect(verdicts.filter((v) => v === "unjudged").length, "cases the server could not judge").toBeLessThan(
      cases.length / 20,
    );
  });

  it("every kept regression: the server still says what it said, and the library agrees", async () => {
    const table = JSON.parse(readFileSync(REGRESSIONS, "utf8")) as Regression[];
    const wrong: string[] = [];
    for (const r of table) {
      const server = await serverVerdict(r);
      const library = libraryAccepts(r.object) ? "accepts" : "refuses";
      if (server !== r.server || library !== r.server)
        wrong.push(
          `${r.kind} ${r.site} ${short(r.value)}: recorded ${r.server}, server ${server}, library ${library}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(table.length).toBeGreaterThan(0);
  });

  it("a bug injected into the name rules is found by the same corpus", () => {
    // The rules with one bug: a 64-character DNS label passes where 63 is the limit.
    const buggy: LocalCheck = (o) => {
      const issues = checkWorkloadObject(o, "w");
      return issues.every((i) => /has 64\)/.test(i.reason));
    };
    const found = differential(cases, buggy, verdicts);
    expect(found.length).toBeGreaterThan(0);
  });
});
