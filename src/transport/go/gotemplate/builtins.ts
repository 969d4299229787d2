/**
 * Go's text/template built-in functions in one table: each one's signature (it decides arity
 * checks and how literals are converted) and what it does. The parser knows a function exists
 * from this table, the executor calls it from this table. The helpers below are Go's
 * `eq`/`lt`/`index`/`slice` and argument formatting, as `text/template/funcs.go` has them.
 */
import { htmlEscape, jsEscape, queryEscape } from "./escape";
import { sprint, sprintf, sprintln } from "./fmt";
import type { GoValue } from "./values";
import { bool, int, str, truth, typeName } from "./values";

/** How an argument is converted before the call: any value, Go's `any`, or a string. */
export type ParamType = "value" | "any" | "string";

/** One built-in: its Go signature and its implementation. */
export interface Builtin {
  readonly fixed: readonly ParamType[];
  readonly variadic?: ParamType;
  readonly call: (argv: readonly GoValue[]) => GoValue;
}

/** `and` and `or` stop at the first deciding argument, so the executor evaluates them itself. */
const evaluatedByExecutor = (): GoValue => {
  throw new Error("and/or are evaluated by the executor, argument by argument");
};

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  and: { fixed: ["value"], variadic: "value", call: evaluatedByExecutor },
  or: { fixed: ["value"], variadic: "value", call: evaluatedByExecutor },
  not: { fixed: ["value"], call: ([a]) => bool(!truth(a!)) },
  call: {
    fixed: ["value"],
    variadic: "value",
    call: ([a]) => {
      if (a!.kind === "invalid") throw new Error("call of nil");
      throw new Error(`non-function of type ${typeName(a!)}`);
    },
  },
  html: { fixed: [], variadic: "any", call: (argv) => str(htmlEscape(evalArgs(argv))) },
  js: { fixed: [], variadic: "any", call: (argv) => str(jsEscape(evalArgs(argv))) },
  urlquery: { fixed: [], variadic: "any", call: (argv) => str(queryEscape(evalArgs(argv))) },
  print: { fixed: [], variadic: "any", call: (argv) => str(sprint(argv)) },
  println: { fixed: [], variadic: "any", call: (argv) => str(sprintln(argv)) },
  printf: {
    fixed: ["string"],
    variadic: "any",
    call: ([a, ...rest]) => str(sprintf(a!.kind === "string" ? a!.s : "", rest)),
  },
  index: { fixed: ["value"], variadic: "value", call: ([a, ...rest]) => index(a!, rest) },
  slice: { fixed: ["value"], variadic: "value", call: ([a, ...rest]) => slice(a!, rest) },
  len: {
    fixed: ["value"],
    call: ([a]) => {
      if (a!.kind === "string") return int(BigInt(a!.s.length));
      if (a!.kind === "map") return int(BigInt(a!.m.size));
      throw new Error(`len of type ${typeName(a!)}`);
    },
  },
  eq: { fixed: ["value"], variadic: "value", call: ([a, ...rest]) => bool(eq(a!, rest)) },
  ne: { fixed: ["value", "value"], call: ([a, b]) => bool(!eq(a!, [b!])) },
  lt: { fixed: ["value", "value"], call: ([a, b]) => bool(lt(a!, b!)) },
  le: { fixed: ["value", "value"], call: ([a, b]) => bool(lt(a!, b!) || eq(a!, [b!])) },
  gt: { fixed: ["value", "value"], call: ([a, b]) => bool(!(lt(a!, b!) || eq(a!, [b!]))) },
  ge: { fixed: ["value", "value"], call: ([a, b]) => bool(!lt(a!, b!)) },
};

/** The names templates may call: nothing else exists, so a template cannot run anything else. */
export const BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(BUILTINS));

type Kind = "invalid" | "bool" | "complex" | "int" | "float" | "string" | "uint";

function basicKind(v: GoValue): Kind {
  switch (v.kind) {
    case "bool":
      return "bool";
    case "int":
      return "int";
    case "uint8":
      return "uint";
    case "float64":
      return "float";
    case "complex128":
      return "complex";
    case "string":
      return "string";
    default:
      return "invalid";
  }
}

function intOf(v: GoValue): bigint {
  return v.kind === "int" || v.kind === "uint8" ? v.i : 0n;
}

function eq(a: GoValue, rest: readonly GoValue[]): boolean {
  if (rest.length === 0) throw new Error("missing argument for comparison");
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let same = false;
    if (k1 !== k2) {
      if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) {
        same = intOf(a) >= 0n && intOf(b) >= 0n && intOf(a) === intOf(b);
      } else if (a.kind !== "invalid" && b.kind !== "invalid") {
        throw new Error(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
      }
    } else if (a.kind === "bool" && b.kind === "bool") same = a.b === b.b;
    else if (a.kind === "complex128" && b.kind === "complex128") same = a.re === b.re && a.im === b.im;
    else if (a.kind === "float64" && b.kind === "float64") same = a.f === b.f;
    else if (a.kind === "string" && b.kind === "string") same = a.s === b.s;
    else if (k1 === "int" || k1 === "uint") same = intOf(a) === intOf(b);
    else {
      // Neither is a basic kind: only nil compares; maps are not comparable.
      const nilA = a.kind === "invalid";
      const nilB = b.kind === "invalid";
      if (nilA || nilB) same = nilA === nilB;
      else throw new Error(`non-comparable type ${typeName(b)}`);
    }
    if (same) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === "invalid" || k2 === "invalid") throw new Error("invalid type for comparison");
  if (k1 !== k2) {
    if (k1 === "int" && k2 === "uint") return intOf(a) < 0n || intOf(a) < intOf(b);
    if (k1 === "uint" && k2 === "int") return intOf(b) >= 0n && intOf(a) < intOf(b);
    throw new Error(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
  }
  if (a.kind === "float64" && b.kind === "float64") return a.f < b.f;
  if (a.kind === "string" && b.kind === "string") return a.s < b.s;
  if (k1 === "int" || k1 === "uint") return intOf(a) < intOf(b);
  throw new Error("invalid type for comparison");
}

function indexArg(index: GoValue, cap: number): number {
  if (index.kind === "invalid") throw new Error("cannot index slice/array with nil");
  if (index.kind !== "int" && index.kind !== "uint8") {
    throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  }
  if (index.i < 0n || index.i > BigInt(cap)) throw new Error(`index out of range: ${index.i}`);
  return Number(index.i);
}

function index(item: GoValue, indexes: readonly GoValue[]): GoValue {
  if (item.kind === "invalid") throw new Error("index of untyped nil");
  let cur: GoValue = item;
  for (const ix of indexes) {
    if (cur.kind === "string") {
      const x = indexArg(ix, cur.s.length);
      if (x >= cur.s.length) throw new Error(`reflect: string index out of range`);
      cur = { kind: "uint8", i: BigInt(cur.s.charCodeAt(x)) };
    } else if (cur.kind === "map") {
      if (ix.kind === "invalid") throw new Error("value is nil; should be of type string");
      if (ix.kind !== "string") throw new Error(`value has type ${typeName(ix)}; should be string`);
      cur = str(cur.m.get(ix.s) ?? "");
    } else {
      throw new Error(`can't index item of type ${typeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: GoValue, indexes: readonly GoValue[]): GoValue {
  if (item.kind === "invalid") throw new Error("slice of untyped nil");
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  if (item.kind !== "string") throw new Error(`can't slice item of type ${typeName(item)}`);
  if (indexes.length === 3) throw new Error("cannot 3-index slice a string");
  const cap = item.s.length;
  const from = indexes.length > 0 ? indexArg(indexes[0]!, cap) : 0;
  const to = indexes.length > 1 ? indexArg(indexes[1]!, cap) : cap;
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`);
  return str(item.s.slice(from, to));
}

/** html/js/urlquery take their operands the way `evalArgs` does: one string as is, else `fmt.Sprint`. */
function evalArgs(args: readonly GoValue[]): string {
  const only = args.length === 1 ? args[0] : undefined;
  if (only?.kind === "string") return only.s;
  return sprint(args.map((a) => (a.kind === "invalid" ? str("<no value>") : a)));
}
