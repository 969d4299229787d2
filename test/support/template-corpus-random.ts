import type { TemplateCase } from "./template-corpus-data";
import { DATA_MAPS } from "./template-corpus-data";

/**
 * Random templates for the differential corpus: a small grammar of Go's text/template (text,
 * actions with trim markers, fields, variables, literals, built-in calls, printf, pipelines,
 * if/with/range/define), then for a share of them one mutation (a character dropped, doubled or
 * a token inserted) so that parse errors land in every corner. Deterministic for a seed.
 */

/** mulberry32: a tiny seeded PRNG, so the corpus is the same on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  /** Variables declared so far (in scope, roughly: the generator does not pop scopes). */
  private readonly vars: string[] = [];
  /** How deep inside a range over a map we are; bounds the output size. */
  private inRange = false;

  /**
   * @param noisy whether to put in the known-bad pieces (whitespace Go does not lex, undefined
   * variables and functions, stray keywords, literals that do not parse); without them a case
   * fails only on types and missing keys, so that many cases succeed and their text is compared.
   */
  constructor(
    private readonly rand: () => number,
    private readonly keys: readonly string[],
    private readonly noisy: boolean,
  ) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  text(): string {
    const n = this.int(3);
    let s = "";
    for (let i = 0; i < n; i++) {
      // A "{" right before an action makes "{{{", which Go reads as "{" inside the action.
      s += this.noisy ? this.pick(TEXT_BITS) : this.pick(TEXT_BITS.filter((b) => b !== "{"));
    }
    return s;
  }

  key(): string {
    if (this.keys.length > 0 && this.chance(this.noisy ? 0.85 : 0.97)) return this.pick(this.keys);
    return this.pick(["missing", "Region", "x", "a-b", "名前", "k99"]);
  }

  field(): string {
    // With no properties every field is missing: clean cases use a literal instead.
    if (this.keys.length === 0 && !this.noisy) return this.literal();
    const k = this.key();
    // A key that is not an identifier cannot be a field; reach it with index instead.
    if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(k)) return `(index . ${JSON.stringify(k)})`;
    return this.chance(0.1) ? `$.${k}` : `.${k}`;
  }

  literal(): string {
    if (!this.noisy) return this.pick(LITERALS);
    return this.chance(0.2) ? this.pick(BAD_LITERALS) : this.pick([...LITERALS, "nil"]);
  }

  variable(): string {
    if (this.vars.length > 0 && this.chance(0.95)) return this.pick(this.vars);
    return this.noisy && this.chance(0.2) ? "$undef" : "$";
  }

  operand(depth: number): string {
    const r = this.rand();
    if (r < 0.35) return this.field();
    if (r < 0.45) return this.pick([".", "$"]);
    if (r < 0.6) return this.variable();
    if (r < 0.85 || depth > 2) return this.literal();
    const inner = `(${this.pipeline(depth + 1)})`;
    return this.chance(0.15) ? `${inner}.${this.key()}` : inner;
  }

  printfFormat(): string {
    let f = "";
    const n = 1 + this.int(2);
    for (let i = 0; i < n; i++) {
      f += this.pick(["", "", "x=", " ", "é", "%%", "["]);
      f += "%";
      if (this.chance(0.3)) f += this.pick(["-", "+", "#", "0", " ", "-0", "+#"]);
      if (this.chance(0.25)) f += this.pick(["5", "1", "12", "*", "[1]", "[2]"]);
      if (this.chance(0.25)) f += this.pick([".2", ".0", ".", ".10", ".*"]);
      f += this.pick(VERBS);
    }
    return JSON.stringify(f);
  }

  call(depth: number): string {
    const fn = this.noisy && this.chance(0.05) ? "nosuchfunc" : this.pick(FUNCS);
    if (fn === "printf") {
      const args = Array.from({ length: this.int(3) }, () => this.operand(depth + 1));
      return ["printf", this.printfFormat(), ...args].join(" ");
    }
    const arity = this.chance(0.8) ? (ARITY[fn] ?? 1) : this.int(4);
    const args = Array.from({ length: arity }, () => this.operand(depth + 1));
    return [fn, ...args].join(" ");
  }

  command(depth: number): string {
    const r = this.rand();
    if (r < 0.45) return this.operand(depth);
    if (r < 0.97) return this.call(depth);
    return `${this.operand(depth)} ${this.operand(depth)}`;
  }

  pipeline(depth: number): string {
    let p = this.command(depth);
    const more = this.chance(0.3) ? 1 + this.int(2) : 0;
    for (let i = 0; i < more; i++) {
      p += ` | ${this.noisy && this.chance(0.05) ? "upper" : this.pick(PIPE_FUNCS)}`;
    }
    return p;
  }

  /** Mostly whitespace Go lexes as space; sometimes one it does not (NBSP, \v, none...). */
  ws(): string {
    return this.noisy && this.chance(0.15) ? this.pick(OTHER_WS) : this.pick(GO_WS);
  }
  open(): string {
    if (!this.chance(0.25)) return this.pick(["{{", "{{", "{{ ", "{{  "]);
    return `{{-${this.ws()}`;
  }
  close(): string {
    if (!this.chance(0.25)) return this.pick(["}}", " }}", " }}", "  }}"]);
    return `${this.ws()}-}}`;
  }

  action(depth: number): string {
    let body: string;
    if (this.chance(0.12)) {
      const v = `$${this.pick(["v", "w", "é"])}`;
      const assign = this.vars.includes(v) && this.chance(0.5) ? "=" : ":=";
      body = `${v} ${assign} ${this.pipeline(depth)}`;
      this.vars.push(v);
    } else {
      body = this.pipeline(depth);
    }
    if (this.chance(0.05)) {
      const comment = `/* ${this.pick(["c", "}}", "note"])} */`;
      // Go wants a comment right next to the delimiters (or trim markers); noisy cases put space.
      if (this.noisy) return `${this.open()}${comment}${this.close()}`;
      // A trim marker takes exactly one space character; a second one stands before the comment.
      const one = () => this.pick(GO_WS.filter((w) => w.length === 1));
      return this.chance(0.5) ? `{{${comment}}}` : `{{-${one()}${comment}${one()}-}}`;
    }
    return `${this.open()}${body}${this.close()}`;
  }

  block(depth: number): string {
    // Variables declared inside a block end with it, as in Go.
    const scope = this.vars.length;
    const out = this.blockIn(depth);
    this.vars.length = scope;
    return out;
  }

  blockIn(depth: number): string {
    const r = this.rand();
    if (depth > 2 || r < 0.5) return this.text() + this.action(depth) + this.text();
    if (r < 0.65) {
      const kw = this.pick(["if", "with"]);
      let s = `${this.open()}${kw} ${this.pipeline(depth)}${this.close()}${this.body(depth + 1)}`;
      if (this.chance(0.3))
        s += `${this.open()}else ${kw} ${this.pipeline(depth)}${this.close()}${this.body(depth + 1)}`;
      if (this.chance(0.4)) s += `${this.open()}else${this.close()}${this.body(depth + 1)}`;
      return `${s}${this.open()}end${this.close()}`;
    }
    if (r < 0.85) return this.range(depth);
    if (r < 0.95) {
      // Only at the top level, where Go allows define; a body of its own (no variables).
      const name = this.pick(["d", "e"]);
      const saved = this.vars.splice(0);
      const def = `{{ define "${name}" }}${this.text()}${this.action(depth + 1)}{{ end }}`;
      this.vars.push(...saved);
      // The template named "t" is the case itself (when its name is "t"): calling it recurses
      // until Go's depth limit.
      const callee = !this.noisy || this.chance(0.85) ? name : this.pick(["t", "other"]);
      const call = `{{ template "${callee}" ${this.operand(depth)} }}`;
      const atTop = depth === 0 || (this.noisy && this.chance(0.1));
      return atTop ? def + call : this.action(depth);
    }
    if (!this.inRange && !this.noisy) return this.action(depth);
    const kw = this.inRange ? this.pick(["break", "continue"]) : this.pick(STRAY);
    return `${this.text()}{{ ${kw} }}${this.text()}`;
  }

  range(depth: number): string {
    const overMap = !this.inRange && this.chance(0.6);
    const scalars = this.noisy ? ["0", "1", "3", "-1", ".region", "nil", "2"] : ["0", "1", "3", "-1", "2"];
    const over = overMap ? this.pick([".", "$"]) : this.pick(scalars);
    // Two variables need a map (Go: "can't use 3 to iterate over more than one variable").
    const decls = overMap || this.noisy ? ["", "", "$i := ", "$k, $v := ", "$i, $j := "] : ["", "$i := "];
    const decl = this.pick(decls);
    for (const v of decl.match(/\$\w+/g) ?? []) this.vars.push(v);
    const was = this.inRange;
    this.inRange = true;
    let inner = this.body(depth + 1);
    if (this.chance(0.2))
      inner += `{{ if ${this.pipeline(depth + 1)} }}{{ ${this.pick(["break", "continue"])} }}{{ end }}`;
    this.vars.length -= (decl.match(/\$\w+/g) ?? []).length;
    this.inRange = was;
    const els = this.chance(0.2) ? `{{ else }}${this.text()}` : "";
    return `{{ range ${decl}${over} }}${inner}${els}{{ end }}`;
  }

  body(depth: number): string {
    const n = 1 + this.int(2);
    let s = "";
    for (let i = 0; i < n; i++) s += this.block(depth);
    return s;
  }

  template(): string {
    return this.body(0);
  }

  /** One random edit, usually turning a valid template into an invalid one. */
  mutate(t: string): string {
    if (t.length === 0) return this.pick(MUTATION_TOKENS);
    const at = this.int(t.length);
    const r = this.rand();
    // Digits are left alone: doubling one could turn `range 3` into a huge loop.
    if (r < 0.35 && !/\d/.test(t[at]!)) return t.slice(0, at) + t.slice(at + 1);
    if (r < 0.55 && !/\d/.test(t[at]!)) return t.slice(0, at) + t[at]! + t.slice(at);
    return t.slice(0, at) + this.pick(MUTATION_TOKENS) + t.slice(at);
  }
}

const TEXT_BITS = [
  "a",
  "b c",
  " ",
  "\t",
  "\n",
  "\r\n",
  "é",
  "😀",
  "-",
  "}",
  "{",
  "}}",
  "\u00a0",
  "\v",
  "\f",
  "\u2028",
  "x=",
  ".",
];
const GO_WS = [" ", " ", " ", "\t", "\n", "\r", "\r\n"];
const OTHER_WS = ["\u00a0", "\v", "\f", "\u2028", ""];
const LITERALS = [
  "1",
  "0",
  "-3",
  "42",
  "0x1F",
  "0o17",
  "017",
  "0b11",
  "1_000",
  "1.5",
  "1e6",
  ".5",
  "1e-7",
  "0x1p-2",
  "9223372036854775807",
  "1i",
  "true",
  "false",
  "'a'",
  "'\\n'",
  '"s"',
  '""',
  '"a\\tb"',
  '"\\x41"',
  '"\\u00e9"',
  '"\\U0001F600"',
  '"}}"',
  "`raw\nline`",
  '"<&>"',
  '"é😀"',
];
/** Keywords and operands that are errors where they stand (outside a range, alone). */
const STRAY = ["break", "continue", "end", "else", "nil", 'template "d"'];
/** Literals that do not parse (or overflow) where Go reads them as a command or argument. */
const BAD_LITERALS = ['"\\q"', "99999999999999999999", "1__0", "0x", "'ab'", "1.2.3"];
const FUNCS = [
  "and",
  "or",
  "not",
  "len",
  "index",
  "slice",
  "print",
  "printf",
  "printf",
  "println",
  "html",
  "js",
  "urlquery",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "call",
];
const ARITY: Readonly<Record<string, number>> = {
  and: 2,
  or: 2,
  not: 1,
  len: 1,
  index: 2,
  slice: 2,
  print: 2,
  println: 1,
  html: 1,
  js: 1,
  urlquery: 1,
  eq: 2,
  ne: 2,
  lt: 2,
  le: 2,
  gt: 2,
  ge: 2,
  call: 1,
};
const PIPE_FUNCS = [
  "len",
  "html",
  "js",
  "urlquery",
  "print",
  'printf "%v|"',
  'printf "%q"',
  "not",
  "println",
  'eq "x"',
];
const VERBS = [
  "s",
  "v",
  "d",
  "q",
  "x",
  "X",
  "o",
  "b",
  "c",
  "U",
  "e",
  "E",
  "f",
  "F",
  "g",
  "G",
  "t",
  "T",
  "%",
  "z",
];
const MUTATION_TOKENS = [
  "}}",
  "{{",
  ")",
  "(",
  "|",
  "$",
  ".",
  '"',
  "`",
  "'",
  "-",
  " ",
  "end",
  "else",
  ":=",
  "/*",
  "\u00a0",
];

/** How many random cases templateCorpus() asks for. */
export const RANDOM_CASES = 10_000;

/** `count` random cases for `seed`: half clean, a quarter noisy, a quarter noisy and mutated. */
export function randomCases(seed: number, count: number): TemplateCase[] {
  const rand = prng(seed);
  const mapNames = Object.keys(DATA_MAPS);
  const out: TemplateCase[] = [];
  for (let i = 0; i < count; i++) {
    const mapName = mapNames[Math.floor(rand() * mapNames.length)]!;
    const data = DATA_MAPS[mapName]!;
    const roll = rand();
    const gen = new Gen(rand, Object.keys(data), roll >= 0.5);
    let template = gen.template();
    let shape = roll < 0.5 ? "clean" : "noisy";
    if (roll >= 0.75) {
      template = gen.mutate(template);
      shape = "mutated";
    }
    const name = gen.pick(["t", "t", "spec.template", "ConfigMap/ns/cm.data.key"]);
    out.push({ name, template, data, group: `random:${shape}:${mapName}` });
  }
  return out;
}
