import type { Arg, ControlNode, Node, Pipe } from "./ast";
import { describeArg } from "./ast";
import type { ParamType } from "./builtins";
import { BUILTINS } from "./builtins";
import { fromBytes } from "./gostring";
import { sprint, UnsupportedFormatError } from "./fmt";
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
    const sig = BUILTINS[name];
    if (sig === undefined || !Object.prototype.hasOwnProperty.call(BUILTINS, name)) {
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
      return sig.call(argv);
    } catch (err) {
      if (err instanceof TemplateLimitError || err instanceof TemplateExecError) throw err;
      if (err instanceof UnsupportedFormatError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(`error calling ${name}: ${message}`);
    }
  }
}
