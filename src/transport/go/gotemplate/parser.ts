import type { Arg, Command, Node, Pipe } from "./ast";
import { describeArg } from "./ast";
import { BUILTIN_FUNCTIONS } from "./builtins";
import { decodeRune, fromBytes, goQuote, isUnicodeSpace, quote, toBytes } from "./gostring";
import type { Token } from "./lexer";
import { describeToken, Lexer, Tok } from "./lexer";
import { TemplateLimitError } from "./exec";
import { charLiteral, parseNumberLiteral } from "./numbers";
import { parseCharConstant, unquoteString } from "./unquote";

/** A template and the templates it defines (`{{define}}`/`{{block}}`), by name (a byte string). */
export type TreeSet = Map<string, Node[]>;

/** Thrown for a template that does not parse; the message is Go's reason. */
export class TemplateParseError extends Error {}

/** Go's `parse.IsEmptyTree` on a root list: only blank text (by `unicode.IsSpace`) and comments. */
function isEmptyTree(list: readonly Node[]): boolean {
  return list.every((n) => n.type === "text" && n.blank);
}

function isBlank(bytes: string): boolean {
  for (let i = 0; i < bytes.length;) {
    const { rune, size } = decodeRune(bytes, i);
    if (!isUnicodeSpace(rune)) return false;
    i += size;
  }
  return true;
}

/**
 * How deeply `{{if}}`, `{{with}}`, `{{range}}`, `{{block}}`, `{{else if}}` chains and parentheses
 * may nest, together. Go allows parentheses 10,000 deep and control structures without limit
 * (its stacks grow); this parser and the executor recurse on the JavaScript stack, so the library
 * refuses deeper templates at this fixed, documented bound instead of wherever the stack of the
 * calling process happens to end. Measured: 1,600 levels still fit a default Node stack.
 */
export const MAX_NESTING = 1000;

/** Nesting shared by a template and the define/block trees parsed inside it. */
interface Depth {
  nesting: number;
}

/** Go's zero item: what `token[0]` holds before the first token is read. */
const NO_TOKEN: Token = { kind: Tok.EOF, text: "", line: 0 };

/** A node that ends an item list: `{{end}}` or `{{else}}`. */
type EndNode = Extract<Node, { type: "end" | "else" }>;

/** How Go prints an `{{end}}` or `{{else}}` node in messages. */
const showEnd = (n: EndNode) => `{{${n.type}}}`;

/**
 * One tree being parsed: Go's `parse.Tree` during parsing. Each `{{define}}` and `{{block}}` body
 * is parsed by a Parser of its own on the same lexer, as in Go, with its own three-token
 * look-ahead, variables, range depth and action line. Every message is Go's, with Go's line: that
 * of the token last read from the lexer by this tree (`token[0]`), not necessarily the one at fault.
 */
class Parser {
  /** Go's three-token look-ahead; `token[0]` is the token last read from the lexer. */
  private readonly token: Token[] = [NO_TOKEN, NO_TOKEN, NO_TOKEN];
  private peekCount = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  /** The line of the "{{" of the action being parsed, 0 outside one. */
  private actionLine = 0;

  /**
   * @param name the tree's name (a byte string for define/block trees)
   * @param parseName the top-level template's name, used in every message
   */
  constructor(
    private name: string,
    private readonly parseName: string,
    private readonly lexer: Lexer,
    private readonly trees: TreeSet,
    private readonly depth: Depth,
  ) {}

  // ---- tokens (Go's next, backup, backup2, backup3, peek, nextNonSpace, peekNonSpace) ----

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexer.nextItem();
    return this.token[this.peekCount]!;
  }
  private backup(): void {
    this.peekCount++;
  }
  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lexer.nextItem();
    return this.token[0];
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === Tok.Space) t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors (Go's errorf, expect, expectOneOf, unexpected) ----

  private errorf(message: string): never {
    throw new TemplateParseError(`template: ${this.parseName}:${this.token[0]!.line}: ${message}`);
  }
  private expect(kind: Tok, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.unexpected(t, context);
    return t;
  }
  private expectOneOf(kind1: Tok, kind2: Tok, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind1 && t.kind !== kind2) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.kind === Tok.Error) {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.text.endsWith(" action")) extra = extra.slice(" in action".length); // not "action in action"
      }
      this.errorf(`${t.text}${extra}`);
    }
    return this.errorf(`unexpected ${describeToken(t)} in ${context}`);
  }

  // ---- trees ----

  /** Registers this tree under its name, as `parse.(*Tree).add` does. */
  private add(root: Node[]): void {
    const existing = this.trees.get(this.name);
    if (existing === undefined || isEmptyTree(existing)) {
      this.trees.set(this.name, root);
      return;
    }
    if (!isEmptyTree(root)) {
      this.errorf(`template: multiple definition of template ${fromBytes(quote(this.name))}`);
    }
  }

  /** A tree of its own for a define or block body, on the same lexer (Go's New + startParse). */
  private newTree(name: string): Parser {
    return new Parser(name, this.parseName, this.lexer, this.trees, this.depth);
  }

  /** Go's `parse`: the top-level template, with its {{define}}s, to EOF. */
  parse(): void {
    const root: Node[] = [];
    this.peek();
    while (this.peek().kind !== Tok.EOF) {
      if (this.peek().kind === Tok.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().kind === Tok.Define) {
          this.newTree("definition").parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${showEnd(n)}`);
      root.push(n);
    }
    this.add(root);
  }

  /** `{{define "name"}} ... {{end}}`; "define" has been read. */
  private parseDefinition(): void {
    const context = "define clause";
    const name = this.expectOneOf(Tok.String, Tok.RawString, context);
    this.name = this.unquote(name);
    this.expect(Tok.RightDelim, context);
    const { list, end } = this.itemList();
    if (end.type !== "end") this.errorf(`unexpected ${showEnd(end)} in ${context}`);
    this.add(list);
  }

  /** Go's `strconv.Unquote` of a string token; its only error is "invalid syntax". */
  private unquote(t: Token): string {
    const s = unquoteString(t.text);
    if (s === undefined) this.errorf("invalid syntax");
    return s;
  }

  /** textOrAction* up to {{end}} or {{else}}, returned separately. */
  private itemList(): { list: Node[]; end: EndNode } {
    const list: Node[] = [];
    this.peekNonSpace();
    while (this.peekNonSpace().kind !== Tok.EOF) {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return { list, end: n };
      list.push(n);
    }
    return this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.kind === Tok.Text) {
      const bytes = toBytes(t.text);
      return { type: "text", bytes, blank: isBlank(bytes) };
    }
    if (t.kind === Tok.LeftDelim) {
      this.actionLine = t.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    return this.unexpected(t, "input");
  }

  /** A control structure or a pipeline; the "{{" has been read. */
  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case Tok.Block:
        return this.nested(() => this.blockControl());
      case Tok.Break:
      case Tok.Continue: {
        const kind = t.kind === Tok.Break ? "break" : "continue";
        const after = this.nextNonSpace();
        if (after.kind !== Tok.RightDelim) this.unexpected(after, `{{${kind}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
        return { type: kind };
      }
      case Tok.Else: {
        const peek = this.peekNonSpace();
        // "{{else if" and "{{else with" leave the "if" or "with" pending.
        if (peek.kind !== Tok.If && peek.kind !== Tok.With) this.expect(Tok.RightDelim, "else");
        return { type: "else" };
      }
      case Tok.End:
        this.expect(Tok.RightDelim, "end");
        return { type: "end" };
      case Tok.If:
        return this.control("if");
      case Tok.Range:
        return this.control("range");
      case Tok.With:
        return this.control("with");
      case Tok.Template:
        return this.templateControl();
    }
    this.backup();
    this.peek();
    return { type: "action", pipe: this.pipeline("command", Tok.RightDelim) };
  }

  /** `body` one nesting level deeper; past MAX_NESTING the template is refused as a bound. */
  private nested<T>(body: () => T): T {
    if (this.depth.nesting >= MAX_NESTING)
      throw new TemplateLimitError(
        `nests more than ${MAX_NESTING} levels deep (control structures and parentheses)`,
      );
    this.depth.nesting++;
    try {
      return body();
    } finally {
      this.depth.nesting--;
    }
  }

  private control(context: "if" | "with" | "range"): Node {
    return this.nested(() => this.parseControl(context));
  }

  private parseControl(context: "if" | "with" | "range"): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Tok.RightDelim);
      if (context === "range") this.rangeDepth++;
      const { list, end } = this.itemList();
      if (context === "range") this.rangeDepth--;
      let elseList: Node[] | undefined;
      if (end.type === "else") {
        // "{{else if ...}}" is "{{else}}{{if ...}}...{{end}}" with the last {{end}} implied.
        const p = this.peek().kind;
        if ((context === "if" && p === Tok.If) || (context === "with" && p === Tok.With)) {
          this.next();
          elseList = [this.control(context)];
        } else {
          const rest = this.itemList();
          if (rest.end.type !== "end") this.errorf(`expected end; found ${showEnd(rest.end)}`);
          elseList = rest.list;
        }
      }
      return { type: context, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private parseTemplateName(t: Token, context: string): string {
    if (t.kind !== Tok.String && t.kind !== Tok.RawString) this.unexpected(t, context);
    return this.unquote(t);
  }

  /** `{{template "name" pipeline?}}`; "template" has been read. */
  private templateControl(): Node {
    const context = "template clause";
    const name = this.parseTemplateName(this.nextNonSpace(), context);
    let pipe: Pipe | undefined;
    if (this.nextNonSpace().kind !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { type: "template", name, pipe };
  }

  /** `{{block "name" pipeline}} ... {{end}}`; "block" has been read. */
  private blockControl(): Node {
    const context = "block clause";
    const name = this.parseTemplateName(this.nextNonSpace(), context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    const block = this.newTree(name);
    const { list, end } = block.itemList();
    // Go reports this one from the enclosing tree, at the line of its own last token.
    if (end.type !== "end") this.errorf(`unexpected ${showEnd(end)} in ${context}`);
    block.add(list);
    return { type: "template", name, pipe };
  }

  /** declarations? command ('|' command)*, up to `end`. */
  private pipeline(context: string, end: Tok): Pipe {
    const decl: string[] = [];
    let isAssign = false;
    this.peekNonSpace();
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== Tok.Variable) break;
      this.next();
      // "$x foo" needs three tokens of look-ahead: the space after the variable is kept.
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.kind === Tok.Assign || next.kind === Tok.Declare) {
        isAssign = next.kind === Tok.Assign;
        this.nextNonSpace();
        decl.push(v.text);
        this.vars.push(v.text);
      } else if (next.kind === Tok.Char && next.text === ",") {
        this.nextNonSpace();
        decl.push(v.text);
        this.vars.push(v.text);
        if (context === "range" && decl.length < 2) {
          const k = this.peekNonSpace().kind;
          // The second variable of a range.
          if (k === Tok.Variable || k === Tok.RightDelim || k === Tok.RightParen) continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.kind === Tok.Space) {
        this.backup3(v, afterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.nextNonSpace();
      if (t.kind === end) {
        this.checkPipeline(cmds, context);
        return { type: "pipe", decl, isAssign, cmds };
      }
      switch (t.kind) {
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Complex:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.backup();
          cmds.push(this.command());
          continue;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(cmds: readonly Command[], context: string): void {
    if (cmds.length === 0) this.errorf(`missing value for ${context}`);
    // Only the first command of a pipeline may start with a non-executable operand.
    cmds.slice(1).forEach((c, i) => {
      const first = c.args[0]!.type;
      if (["bool", "dot", "nil", "number", "string"].includes(first)) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  /** operand (space operand)*, up to "|" (read) or the right delimiter or paren (left). */
  private command(): Command {
    const args: Arg[] = [];
    this.peekNonSpace();
    for (;;) {
      this.peekNonSpace(); // Skips leading spaces.
      const operand = this.operand();
      if (operand !== undefined) args.push(operand);
      const t = this.next();
      if (t.kind === Tok.Space) continue;
      if (t.kind === Tok.RightDelim || t.kind === Tok.RightParen) this.backup();
      else if (t.kind !== Tok.Pipe) this.unexpected(t, "operand");
      break;
    }
    if (args.length === 0) this.errorf("empty command");
    return { args };
  }

  /** term .Field*; undefined when the next token is not an operand. */
  private operand(): Arg | undefined {
    const node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().kind !== Tok.Field) return node;
    const fields: string[] = [];
    while (this.peek().kind === Tok.Field) fields.push(toBytes(this.next().text.slice(1)));
    switch (node.type) {
      case "field":
        return { type: "field", idents: [...node.idents, ...fields] };
      case "variable":
        return { type: "variable", idents: [...node.idents, ...fields] };
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        return this.errorf(`unexpected . after term ${goQuote(describeArg(node))}`);
      default:
        return { type: "chain", node, fields };
    }
  }

  /** A literal, function, ".", field, variable or parenthesized pipeline; undefined if none. */
  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case Tok.Identifier:
        if (!BUILTIN_FUNCTIONS.has(t.text)) this.errorf(`function ${goQuote(t.text)} not defined`);
        return { type: "identifier", name: t.text };
      case Tok.Dot:
        return { type: "dot" };
      case Tok.Nil:
        return { type: "nil" };
      case Tok.Variable: {
        const name = t.text;
        if (!this.vars.includes(name)) this.errorf(`undefined variable ${goQuote(name)}`);
        return { type: "variable", idents: [name] };
      }
      case Tok.Field:
        return { type: "field", idents: [toBytes(t.text.slice(1))] };
      case Tok.Bool:
        return { type: "bool", value: t.text === "true" };
      case Tok.CharConstant: {
        const rune = parseCharConstant(t.text);
        if (typeof rune === "string") this.errorf(rune);
        return { type: "number", number: charLiteral(t.text, rune) };
      }
      case Tok.Complex:
      case Tok.Number: {
        const n = parseNumberLiteral(t.text, t.kind === Tok.Complex ? "complex" : "number");
        if (typeof n === "string") this.errorf(n);
        return { type: "number", number: n };
      }
      case Tok.LeftParen:
        return this.nested(() => this.pipeline("parenthesized pipeline", Tok.RightParen));
      case Tok.String:
      case Tok.RawString:
        return { type: "string", bytes: this.unquote(t), quoted: t.text };
    }
    this.backup();
    return undefined;
  }
}

/**
 * Parses a template named `name` as Go's `template.New(name).Parse(text)` does with no extra
 * functions: the named tree plus every `{{define}}`/`{{block}}` tree. Throws
 * `TemplateParseError` with Go's message, line included.
 */
export function parseTemplate(name: string, text: string): TreeSet {
  const trees: TreeSet = new Map();
  new Parser(toBytes(name), name, new Lexer(text), trees, { nesting: 0 }).parse();
  return trees;
}
