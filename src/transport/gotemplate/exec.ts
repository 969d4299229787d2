import type { Arg, ControlNode, Node, Pipe } from "./ast";
import { describeArg } from "./ast";
import { htmlEscape, jsEscape, queryEscape } from "./escape";
import { fromBytes } from "./gostring";
import { sprint, sprintf, sprintln, UnsupportedFormatError } from "./fmt";
import type { NumberLiteral } from "./numbers";
import type { TreeSet } from "./parser";
import type { GoValue } from "./values";
import { bool, INVALID, int, str, truth, typeName } from "./values";

/** Bounds on one execution, so a hostile template cannot exhaust memory or time. */
export interface ExecLimits {
  /** Most bytes one template may write. */
  readonly maxOutputBytes: number;
  /** Most evaluation steps (nodes walked, commands run, loop iterations). */
  readonly maxSteps: number;
  /** Deepest `{{template}}` nesting (Go stops at 100000; a JavaScript stack cannot go that deep). */
  readonly maxTemplateDepth: number;
}

/** An execution error: the template parsed but could not run (Go's `template.ExecError`). */
export class TemplateExecError extends Error {}

/** A bound was reached; Go would have gone on, so the result is refused rather than guessed. */
export class TemplateLimitError extends Error {}

/** `{{break}}` and `{{continue}}` unwind to their `{{range}}` as Go's executor does, by throwing. */
class LoopSignal extends Error {
  constructor(readonly kind: "break" | "continue") {
    super(`{{${kind}}}`);
  }
}
const BREAK = new LoopSignal("break");
const CONTINUE = new LoopSignal("continue");

type ParamType = "value" | "any" | "string";
interface Signature {
  readonly fixed: readonly ParamType[];
  readonly variadic?: ParamType;
}

/** The built-ins' Go signatures; they decide arity checks and how literals are converted. */
const SIGNATURES: Readonly<Record<string, Signature>> = {
  and: { fixed: ["value"], variadic: "value" },
  or: { fixed: ["value"], variadic: "value" },
  not: { fixed: ["value"] },
  call: { fixed: ["value"], variadic: "value" },
  html: { fixed: [], variadic: "any" },
  js: { fixed: [], variadic: "any" },
  urlquery: { fixed: [], variadic: "any" },
  print: { fixed: [], variadic: "any" },
  println: { fixed: [], variadic: "any" },
  printf: { fixed: ["string"], variadic: "any" },
  index: { fixed: ["value"], variadic: "value" },
  slice: { fixed: ["value"], variadic: "value" },
  len: { fixed: ["value"] },
  eq: { fixed: ["value"], variadic: "value" },
  ne: { fixed: ["value", "value"] },
  lt: { fixed: ["value", "value"] },
  le: { fixed: ["value", "value"] },
  gt: { fixed: ["value", "value"] },
  ge: { fixed: ["value", "value"] },
};

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

function callBuiltin(name: string, argv: readonly GoValue[]): GoValue {
  const [a, b] = argv;
  switch (name) {
    case "not":
      return bool(!truth(a!));
    case "len":
      if (a!.kind === "string") return int(BigInt(a!.s.length));
      if (a!.kind === "map") return int(BigInt(a!.m.size));
      throw new Error(`len of type ${typeName(a!)}`);
    case "index":
      return index(a!, argv.slice(1));
    case "slice":
      return slice(a!, argv.slice(1));
    case "eq":
      return bool(eq(a!, argv.slice(1)));
    case "ne":
      return bool(!eq(a!, [b!]));
    case "lt":
      return bool(lt(a!, b!));
    case "le":
      return bool(lt(a!, b!) || eq(a!, [b!]));
    case "gt":
      return bool(!(lt(a!, b!) || eq(a!, [b!])));
    case "ge":
      return bool(!lt(a!, b!));
    case "print":
      return str(sprint(argv));
    case "println":
      return str(sprintln(argv));
    case "printf":
      return str(sprintf(a!.kind === "string" ? a!.s : "", argv.slice(1)));
    case "html":
      return str(htmlEscape(evalArgs(argv)));
    case "js":
      return str(jsEscape(evalArgs(argv)));
    case "urlquery":
      return str(queryEscape(evalArgs(argv)));
    case "call":
      if (a!.kind === "invalid") throw new Error("call of nil");
      throw new Error(`non-function of type ${typeName(a!)}`);
  }
  throw new Error(`${JSON.stringify(name)} is not a defined function`);
}

function idealConstant(n: NumberLiteral): GoValue {
  const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
  const isRuneInt = n.text.startsWith("'");
  if (n.isComplex) return { kind: "complex128", re: n.re, im: n.im };
  if (n.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(n.text))
    return { kind: "float64", f: n.float64 };
  if (n.isInt) return int(n.int64);
  if (n.isUint) throw new TemplateExecError(`${n.text} overflows int`);
  return INVALID;
}

interface Variable {
  readonly name: string;
  value: GoValue;
}

/** Executes a parsed template tree on `data`, as Go's `Template.Execute` with `missingkey=error`. */
export class Executor {
  private out = "";
  private steps = 0;
  private depth = 0;
  private vars: Variable[];

  constructor(
    private readonly trees: TreeSet,
    private readonly limits: ExecLimits,
    data: GoValue,
  ) {
    this.vars = [{ name: "$", value: data }];
  }

  /** Writes `root` with the data as dot, as `Template.Execute` does, and returns the bytes. */
  run(root: readonly Node[]): string {
    const data = this.vars[0]!.value;
    for (const n of root) this.walk(data, n);
    return this.out;
  }

  private fail(message: string): never {
    throw new TemplateExecError(message);
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) {
      throw new TemplateLimitError(`takes more than ${this.limits.maxSteps} evaluation steps`);
    }
  }

  private write(bytes: string): void {
    this.out += bytes;
    if (this.out.length > this.limits.maxOutputBytes) {
      throw new TemplateLimitError(`expands to more than ${this.limits.maxOutputBytes} bytes`);
    }
  }

  private walkList(dot: GoValue, list: readonly Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: GoValue, node: Node): void {
    this.step();
    switch (node.type) {
      case "text":
        return this.write(node.bytes);
      case "action": {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.write(v.kind === "invalid" ? "<no value>" : sprint([v]));
        return;
      }
      case "if":
      case "with": {
        const mark = this.vars.length;
        try {
          const v = this.evalPipeline(dot, node.pipe);
          if (truth(v)) this.walkList(node.type === "with" ? v : dot, node.list);
          else if (node.elseList !== undefined) this.walkList(dot, node.elseList);
        } finally {
          this.vars.length = mark;
        }
        return;
      }
      case "range":
        return this.walkRange(dot, node);
      case "template":
        return this.walkTemplate(dot, node.name, node.pipe);
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      default:
        return this.fail(`unknown node: ${node.type}`);
    }
  }

  private walkRange(dot: GoValue, node: ControlNode): void {
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const mark = this.vars.length;
      const { decl, isAssign } = node.pipe;
      const setTop = (n: number, v: GoValue): void => {
        this.vars[this.vars.length - n]!.value = v;
      };
      const once = (ix: GoValue, elem: GoValue): boolean => {
        this.step();
        if (decl.length > 0) {
          if (isAssign) this.setVar(decl[0]!, decl.length > 1 ? ix : elem);
          else setTop(1, elem);
        }
        if (decl.length > 1) {
          if (isAssign) this.setVar(decl[1]!, elem);
          else setTop(2, ix);
        }
        try {
          this.walkList(elem, node.list);
        } catch (signal) {
          if (signal === BREAK) return false;
          if (signal !== CONTINUE) throw signal;
        } finally {
          this.vars.length = mark;
        }
        return true;
      };
      let ran = false;
      if (val.kind === "int" || val.kind === "uint8") {
        if (decl.length > 1) this.fail(`can't use ${sprint([val])} to iterate over more than one variable`);
        for (let i = 0n; i < val.i; i++) {
          ran = true;
          if (!once(INVALID, { kind: val.kind, i })) break;
        }
      } else if (val.kind === "map") {
        for (const k of val.keys) {
          ran = true;
          if (!once(str(k), str(val.m.get(k)!))) break;
        }
      } else if (val.kind !== "invalid") {
        this.fail(`range can't iterate over ${sprint([val])}`);
      }
      if (!ran && node.elseList !== undefined) this.walkList(dot, node.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: GoValue, name: string, pipe: Pipe | undefined): void {
    const tree = this.trees.get(name);
    if (tree === undefined) this.fail(`template ${JSON.stringify(name)} not defined`);
    if (this.depth >= this.limits.maxTemplateDepth) {
      throw new TemplateLimitError(`nests {{template}} more than ${this.limits.maxTemplateDepth} deep`);
    }
    const newDot = pipe === undefined ? INVALID : this.evalPipeline(dot, pipe);
    const saved = this.vars;
    this.vars = [{ name: "$", value: newDot }];
    this.depth++;
    try {
      this.walkList(newDot, tree);
    } finally {
      this.depth--;
      this.vars = saved;
    }
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.fail(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd.args, value);
    const result = value ?? INVALID;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v, result);
      else this.vars.push({ name: v, value: result });
    }
    return result;
  }

  private notAFunction(args: readonly Arg[], final: GoValue | undefined): void {
    if (args.length > 1 || final !== undefined) {
      this.fail(`can't give argument to non-function ${describeArg(args[0]!)}`);
    }
  }

  private evalCommand(dot: GoValue, args: readonly Arg[], final: GoValue | undefined): GoValue {
    this.step();
    const first = args[0]!;
    switch (first.type) {
      case "field":
        return this.evalFieldChainFrom(dot, first.idents, args, final);
      case "chain":
        return this.evalFieldChainFrom(this.evalChainHead(dot, first.node), first.fields, args, final);
      case "identifier":
        return this.evalCall(dot, first.name, args.slice(1), final);
      case "pipe":
        this.notAFunction(args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariable(first.idents, args, final);
    }
    this.notAFunction(args, final);
    switch (first.type) {
      case "bool":
        return bool(first.value);
      case "dot":
        return dot;
      case "nil":
        return this.fail("nil is not a command");
      case "number":
        return idealConstant(first.number);
      case "string":
        return str(first.bytes);
    }
  }

  private evalChainHead(dot: GoValue, node: Arg): GoValue {
    if (node.type === "nil") this.fail("indirection through explicit nil");
    if (node.type === "pipe") return this.evalPipeline(dot, node);
    if (node.type === "identifier") return this.evalCall(dot, node.name, [], undefined);
    return this.evalArg(dot, "any", node);
  }

  private evalVariable(idents: readonly string[], args: readonly Arg[], final: GoValue | undefined): GoValue {
    const value = this.varValue(idents[0]!);
    if (idents.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChainFrom(value, idents.slice(1), args, final);
  }

  private evalFieldChainFrom(
    receiver: GoValue,
    idents: readonly string[],
    args: readonly Arg[],
    final: GoValue | undefined,
  ): GoValue {
    let r = receiver;
    idents.forEach((name, i) => {
      const last = i === idents.length - 1;
      r = this.evalField(name, last ? args : [], last ? final : undefined, r);
    });
    return r;
  }

  private evalField(
    name: string,
    args: readonly Arg[],
    final: GoValue | undefined,
    receiver: GoValue,
  ): GoValue {
    const shown = JSON.stringify(fromBytes(name));
    if (receiver.kind === "invalid") return this.fail(`nil data; no entry for key ${shown}`);
    if (receiver.kind === "map") {
      if (args.length > 1 || final !== undefined) this.fail(`${name} is not a method but has arguments`);
      const v = receiver.m.get(name);
      if (v === undefined) return this.fail(`map has no entry for key ${shown}`);
      return str(v);
    }
    return this.fail(`can't evaluate field ${fromBytes(name)} in type ${typeName(receiver)}`);
  }

  private validateType(value: GoValue, type: ParamType): GoValue {
    if (type !== "string") return value;
    if (value.kind === "invalid") return this.fail("invalid value; expected string");
    if (value.kind !== "string")
      return this.fail(`wrong type for value; expected string; got ${typeName(value)}`);
    return value;
  }

  private evalArg(dot: GoValue, type: ParamType, node: Arg): GoValue {
    switch (node.type) {
      case "dot":
        return this.validateType(dot, type);
      case "nil":
        if (type === "string") return this.fail("cannot assign nil to string");
        return INVALID;
      case "field":
        return this.validateType(this.evalFieldChainFrom(dot, node.idents, [node], undefined), type);
      case "variable":
        return this.validateType(this.evalVariable(node.idents, [], undefined), type);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, node), type);
      case "identifier":
        return this.validateType(this.evalCall(dot, node.name, [], undefined), type);
      case "chain":
        return this.validateType(
          this.evalFieldChainFrom(this.evalChainHead(dot, node.node), node.fields, [], undefined),
          type,
        );
    }
    if (type === "string") {
      if (node.type === "string") return str(node.bytes);
      return this.fail(`expected string; found ${describeArg(node)}`);
    }
    switch (node.type) {
      case "bool":
        return bool(node.value);
      case "number":
        return idealConstant(node.number);
      case "string":
        return str(node.bytes);
    }
  }

  private evalCall(dot: GoValue, name: string, args: readonly Arg[], final: GoValue | undefined): GoValue {
    const sig = SIGNATURES[name];
    if (sig === undefined || !Object.prototype.hasOwnProperty.call(SIGNATURES, name)) {
      return this.fail(`${JSON.stringify(name)} is not a defined function`);
    }
    const numIn = args.length + (final === undefined ? 0 : 1);
    const numFixed = sig.variadic === undefined ? args.length : sig.fixed.length;
    if (sig.variadic !== undefined) {
      if (numIn < numFixed) {
        this.fail(`wrong number of args for ${name}: want at least ${sig.fixed.length} got ${args.length}`);
      }
    } else if (numIn !== sig.fixed.length) {
      this.fail(`wrong number of args for ${name}: want ${sig.fixed.length} got ${numIn}`);
    }
    if (name === "and" || name === "or") {
      let v: GoValue = INVALID;
      for (const arg of args) {
        v = this.evalArg(dot, "value", arg);
        if (truth(v) === (name === "or")) return v;
      }
      if (final !== undefined) v = final;
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, sig.fixed[i]!, args[i]!));
    if (sig.variadic !== undefined) {
      for (; i < args.length; i++) argv.push(this.evalArg(dot, sig.variadic, args[i]!));
    }
    if (final !== undefined) {
      let t: ParamType;
      if (sig.variadic !== undefined) t = numIn - 1 < numFixed ? sig.fixed[numIn - 1]! : sig.variadic;
      else t = sig.fixed[sig.fixed.length - 1]!;
      argv.push(this.validateType(final, t));
    }
    try {
      return callBuiltin(name, argv);
    } catch (err) {
      if (err instanceof TemplateLimitError || err instanceof TemplateExecError) throw err;
      if (err instanceof UnsupportedFormatError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(`error calling ${name}: ${message}`);
    }
  }
}
