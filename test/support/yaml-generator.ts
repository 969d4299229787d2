/**
 * Workload files generated from YAML's grammar, for the differential test against the real
 * kubectl (test/e2e/yaml-generative.test.ts): scalars in every spelling and tag, block and flow
 * collections, anchors, aliases and merge keys in any order, quoting and escapes, block scalars,
 * comments, document markers and directives, BOMs, CRLF and JSON documents. A fixed seed gives
 * the same files on every run. Every object is a ConfigMap named `c<case>-d<doc>`, so kubectl's
 * output maps back to the case it came from.
 */

/** The seeded PRNG the template corpus uses: the same files for the same seed, on every platform. */
export { prng } from "./template-corpus-random";

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const chance = (r: Rand, p: number) => r() < p;

/** Plain scalars: YAML 1.1 and 1.2 numbers, booleans, nulls, dates, and strings that look like them. */
const PLAIN = [
  "0",
  "-0",
  "+0",
  "00",
  "0644",
  "0o644",
  "0x1F",
  "0X1f",
  "0b101",
  "-0b11",
  "0_644",
  "1_000",
  "1_",
  "08",
  "09.5",
  "1.5",
  "-1.5",
  "+1.5",
  ".5",
  "5.",
  "1e3",
  "1E-3",
  "1e400",
  "1e-400",
  "6.8523015e+5",
  "685_230.15",
  "190:20:30",
  "-190:20:30",
  "1:30",
  "9007199254740991",
  "9007199254740993",
  "18446744073709551615",
  "-9223372036854775808",
  "99999999999999999999999",
  ".inf",
  "-.Inf",
  ".NaN",
  ".nan",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "n",
  "no",
  "No",
  "on",
  "On",
  "ON",
  "off",
  "true",
  "True",
  "TRUE",
  "tRUE",
  "false",
  "False",
  "~",
  "null",
  "Null",
  "NULL",
  "nULL",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "2002-12-14",
  "12:30",
  "_1",
  "0x",
  "00x1",
  "abc",
  "a b",
  "-a",
  "a:b",
  "a#b",
  "@",
  "%",
  "!",
  "&a",
  "*b",
  "|",
  ">",
  "'",
  '"',
  "é",
  "日本",
  "🙂",
  "a\u00a0b",
];

const TAGS = [
  "!!str",
  "!!int",
  "!!float",
  "!!bool",
  "!!null",
  "!!binary",
  "!!timestamp",
  "!custom",
  "!",
  "!!map",
  "!!seq",
  "!!set",
  "!!omap",
];

const DOUBLE_ESCAPES = [
  "\\n",
  "\\t",
  "\\\\",
  '\\"',
  "\\x41",
  "\\u00e9",
  "\\U0001F600",
  "\\0",
  "\\a",
  "\\e",
  "\\N",
  "\\_",
  "\\L",
  "\\P",
  "\\/",
  "\\ ",
];

class Builder {
  private anchors: string[] = [];
  private next = 0;

  constructor(private readonly r: Rand) {}

  /** A scalar in some spelling: plain, quoted, tagged, or a block scalar (when block). */
  scalar(indent: string, block: boolean): string {
    const r = this.r;
    const kind = r();
    if (kind < 0.45) return pick(r, PLAIN);
    if (kind < 0.6) return `'${pick(r, PLAIN).replace(/'/g, "''")}${chance(r, 0.2) ? "''x" : ""}'`;
    if (kind < 0.75) {
      const parts = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
        chance(r, 0.5) ? pick(r, DOUBLE_ESCAPES) : pick(r, PLAIN).replace(/["\\]/g, ""),
      );
      return `"${parts.join("")}"`;
    }
    if (kind < 0.88) {
      const tag = pick(r, TAGS);
      const value = tag === "!!binary" ? pick(r, ["aGVsbG8=", "aGVs\n  bG8=", "!!", "YQ"]) : pick(r, PLAIN);
      return `${tag} ${value}`;
    }
    if (block && kind < 0.96) {
      const header = pick(r, ["|", ">", "|-", ">-", "|+", ">+", "|2", ">1-"]);
      const lines = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, PLAIN));
      const extra = chance(r, 0.3) ? "\n" : "";
      return `${header}\n${lines.map((l) => `${indent}  ${l}`).join("\n")}${extra}`;
    }
    return pick(r, ["", "''", '""', "[]", "{}"]);
  }

  /** An anchor to put before a value, sometimes. */
  private anchor(): string {
    if (!chance(this.r, 0.12)) return "";
    const name = `a${this.next++}`;
    this.anchors.push(name);
    return `&${name} `;
  }

  private alias(): string | undefined {
    if (this.anchors.length === 0 || !chance(this.r, 0.15)) return undefined;
    return `*${pick(this.r, this.anchors)}`;
  }

  key(): string {
    const r = this.r;
    return chance(r, 0.8)
      ? pick(r, [
          "a",
          "b",
          "c",
          "name",
          "k1",
          "k2",
          "y",
          "on",
          "no",
          "1",
          "0x10",
          "1.5",
          "~",
          "'q'",
          '"d"',
          "true",
          "null",
          "-x",
          "a b",
        ])
      : pick(r, PLAIN);
  }

  /** A value in block style at the given indent (the text after `key:`, with its newline handling). */
  blockValue(indent: string, depth: number): string {
    const r = this.r;
    const alias = this.alias();
    if (alias !== undefined) return ` ${alias}`;
    const k = r();
    if (depth < 3 && k < 0.25)
      return ` ${this.anchor()}`.trimEnd() + `\n${this.blockMap(`${indent}  `, depth + 1)}`;
    if (depth < 3 && k < 0.4)
      return ` ${this.anchor()}`.trimEnd() + `\n${this.blockSeq(`${indent}  `, depth + 1)}`;
    if (depth < 3 && k < 0.55) return ` ${this.anchor()}${this.flow(depth + 1)}`;
    return ` ${this.anchor()}${this.scalar(indent, true)}`;
  }

  blockMap(indent: string, depth: number): string {
    const r = this.r;
    const n = 1 + Math.floor(r() * 4);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      if (chance(r, 0.1) && this.anchors.length > 0) {
        lines.push(
          chance(r, 0.5)
            ? `${indent}<<: *${pick(r, this.anchors)}`
            : `${indent}<<: [${Array.from({ length: 1 + Math.floor(r() * 2) }, () => `*${pick(r, this.anchors)}`).join(", ")}]`,
        );
        continue;
      }
      const comment = chance(r, 0.08) ? " # note" : "";
      lines.push(`${indent}${this.key()}:${this.blockValue(indent, depth)}${comment}`);
    }
    return lines.join("\n");
  }

  blockSeq(indent: string, depth: number): string {
    const r = this.r;
    const n = 1 + Math.floor(r() * 3);
    return Array.from({ length: n }, () => {
      const v = this.blockValue(indent, depth);
      return `${indent}-${v.startsWith("\n") ? v : v}`;
    }).join("\n");
  }

  flow(depth: number): string {
    const r = this.r;
    const alias = this.alias();
    if (alias !== undefined) return alias;
    const value = (): string =>
      depth < 3 && chance(r, 0.3) ? this.flow(depth + 1) : `${this.anchor()}${this.scalar("", false)}`;
    if (chance(r, 0.5)) {
      const n = Math.floor(r() * 4);
      const entries = Array.from({ length: n }, () =>
        chance(r, 0.1) && this.anchors.length > 0
          ? `<<: *${pick(r, this.anchors)}`
          : `${this.key()}: ${value()}`,
      );
      return `{${entries.join(", ")}${chance(r, 0.1) ? "," : ""}}`;
    }
    const n = Math.floor(r() * 4);
    return `[${Array.from({ length: n }, value).join(", ")}${chance(r, 0.1) ? "," : ""}]`;
  }
}

/** One generated object document named `name`. */
function objectDocument(r: Rand, name: string): string {
  const b = new Builder(r);
  if (chance(r, 0.1)) {
    // A JSON document: kubectl's decoder takes JSON streams apart differently from YAML.
    const data: Record<string, unknown> = {};
    for (let i = 0; i < 1 + Math.floor(r() * 3); i++)
      data[pick(r, ["a", "b", "c"])] = pick(r, [1, -0, 1.5, 1e21, "x", true, null, [1, "2"], { z: "BIG" }]);
    const json = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, spec: data });
    // An integer beyond ±2^53 has no JavaScript spelling: written into the text.
    return json.replace('"z":"BIG"', '"z":9007199254740993');
  }
  const header = chance(r, 0.3)
    ? `{apiVersion: v1, kind: ConfigMap, metadata: {name: ${name}}}\n`
    : `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  if (header.startsWith("{")) {
    // A flow mapping header is the whole document.
    return `{apiVersion: v1, kind: ConfigMap, metadata: {name: ${name}}, spec: ${b.flow(1)}}`;
  }
  return `${header}spec:${b.blockValue("", 1)}\n`;
}

/** The separators, markers and encodings between and around documents. */
const SEPARATORS = [
  "---\n",
  "---\n",
  "---\n",
  "--- \n",
  "---\n\n",
  "...\n---\n",
  "---\n# c\n",
  "\n---\n",
  "--- # c\n",
];

/** One generated file: 1–3 object documents, with the markers, directives and encodings around them. */
export function generateFile(r: Rand, caseId: number): string {
  const n = 1 + Math.floor(r() * 3);
  const docs = Array.from({ length: n }, (_, i) => objectDocument(r, `c${caseId}-d${i}`));
  let text = "";
  if (chance(r, 0.05)) text += pick(r, ["%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "%TAG ! tag:x,2000:\n---\n"]);
  if (chance(r, 0.05)) text += "---\n";
  docs.forEach((d, i) => {
    if (i > 0) {
      const json = d.startsWith("{") && docs[i - 1]!.startsWith("{");
      text += json && chance(r, 0.3) ? "\n" : pick(r, SEPARATORS);
      if (chance(r, 0.03)) text += "\uFEFF";
      if (chance(r, 0.03)) text += "...\n";
    }
    text += d.endsWith("\n") ? d : `${d}\n`;
  });
  if (chance(r, 0.05)) text += pick(r, ["...\n", "---\n", "--- x: 1\n", "...\nx: 1\n", "\u0007\n"]);
  if (chance(r, 0.05)) text = `\uFEFF${text}`;
  if (chance(r, 0.05)) text = text.replace(/\n/g, "\r\n");
  return text;
}
