import type { Arg, Command, Node, Pipe } from "./ast";
import { BUILTIN_FUNCTIONS } from "./builtins";
import { decodeRune, isUnicodeSpace, toBytes } from "./gostring";
import type { Token } from "./lexer";
import { lex, LexError, Tok } from "./lexer";
import { TemplateLimitError } from "./exec";
import { charLiteral, parseNumberLiteral } from "./numbers";
import { unquoteCharConstant, unquoteString } from "./unquote";

/** A template and the templates it defines (`{{define}}`/`{{block}}`), by name. */
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

class Parser {
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private nesting = 0;

  constructor(
    private readonly name: string,
    private readonly tokens: readonly Token[],
    private readonly trees: TreeSet,
  ) {}

  private fail(message: string, token?: Token): never {
    const line = token?.line ?? this.tokens[Math.max(0, this.i - 1)]?.line ?? 1;
    throw new TemplateParseError(`template: ${this.name}:${line}: ${message}`);
  }

  private next(): Token {
    const t = this.tokens[this.i] ?? this.tokens[this.tokens.length - 1]!;
    if (this.i < this.tokens.length) this.i++;
    return t;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1]!;
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
  private describe(t: Token): string {
    if (t.kind === Tok.EOF) return "EOF";
    if (t.kind === Tok.LeftDelim || t.kind === Tok.RightDelim) return `"${t.text}"`;
    if (t.kind === Tok.Text) return JSON.stringify(t.text.length > 20 ? `${t.text.slice(0, 20)}...` : t.text);
    return `<${t.text}>`;
  }
  private unexpected(t: Token, context: string): never {
    return this.fail(`unexpected ${this.describe(t)} in ${context}`, t);
  }
  private expect(kind: Tok, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.unexpected(t, context);
    return t;
  }

  /** Registers a parsed tree under its name, as `parse.(*Tree).add` does. */
  private add(name: string, root: Node[]): void {
    const existing = this.trees.get(name);
    if (existing === undefined || isEmptyTree(existing)) {
      this.trees.set(name, root);
      return;
    }
    if (!isEmptyTree(root)) this.fail(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  parseTop(): void {
    const root: Node[] = [];
    while (this.peek().kind !== Tok.EOF) {
      if (this.peek().kind === Tok.LeftDelim) {
        const at = this.i;
        this.next();
        if (this.nextNonSpace().kind === Tok.Define) {
          this.parseDefinition();
          continue;
        }
        this.i = at;
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.fail(`unexpected {{${n.type}}}`);
      root.push(n);
    }
    this.add(this.name, root);
  }

  /** Runs `body` as a separate tree (define/block): its own variables and range depth. */
  private asNewTree<T>(body: () => T): T {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ["$"];
    this.rangeDepth = 0;
    try {
      return body();
    } finally {
      this.vars = saved.vars;
      this.rangeDepth = saved.rangeDepth;
    }
  }

  private parseDefinition(): void {
    const context = "define clause";
    const t = this.nextNonSpace();
    if (t.kind !== Tok.String && t.kind !== Tok.RawString) this.unexpected(t, context);
    const name = this.unquote(t);
    this.expect(Tok.RightDelim, context);
    this.asNewTree(() => {
      const { list, end } = this.itemList();
      if (end.type !== "end") this.fail(`unexpected {{${end.type}}} in ${context}`);
      this.add(name, list);
    });
  }

  private unquote(t: Token): string {
    const s = unquoteString(t.text);
    if (s === undefined) this.fail("invalid syntax", t);
    return s;
  }

  private itemList(): { list: Node[]; end: Node } {
    const list: Node[] = [];
    while (this.peekNonSpace().kind !== Tok.EOF) {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return { list, end: n };
      list.push(n);
    }
    return this.fail("unexpected EOF");
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.kind === Tok.Text) {
      const bytes = toBytes(t.text);
      return { type: "text", bytes, blank: isBlank(bytes) };
    }
    if (t.kind === Tok.LeftDelim) return this.action();
    return this.unexpected(t, "input");
  }

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
        if (this.rangeDepth === 0) this.fail(`{{${kind}}} outside {{range}}`, t);
        return { type: kind };
      }
      case Tok.Else: {
        const peek = this.peekNonSpace();
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
    return { type: "action", pipe: this.pipeline("command", Tok.RightDelim) };
  }

  /** `body` one nesting level deeper; past MAX_NESTING the template is refused as a bound. */
  private nested<T>(body: () => T): T {
    if (this.nesting >= MAX_NESTING)
      throw new TemplateLimitError(
        `nests more than ${MAX_NESTING} levels deep (control structures and parentheses)`,
      );
    this.nesting++;
    try {
      return body();
    } finally {
      this.nesting--;
    }
  }

  private control(context: "if" | "with" | "range"): Node {
    return this.nested(() => this.controlBody(context));
  }

  private controlBody(context: "if" | "with" | "range"): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Tok.RightDelim);
      if (context === "range") this.rangeDepth++;
      const { list, end } = this.itemList();
      if (context === "range") this.rangeDepth--;
      let elseList: Node[] | undefined;
      if (end.type === "else") {
        const p = this.peek().kind;
        if ((context === "if" && p === Tok.If) || (context === "with" && p === Tok.With)) {
          this.next();
          elseList = [this.control(context)];
        } else {
          const rest = this.itemList();
          if (rest.end.type !== "end") this.fail(`expected end; found {{${rest.end.type}}}`);
          elseList = rest.list;
        }
      }
      return { type: context, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateName(t: Token, context: string): string {
    if (t.kind !== Tok.String && t.kind !== Tok.RawString) this.unexpected(t, context);
    return this.unquote(t);
  }

  private templateControl(): Node {
    const context = "template clause";
    const name = this.templateName(this.nextNonSpace(), context);
    let pipe: Pipe | undefined;
    if (this.nextNonSpace().kind !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { type: "template", name, pipe };
  }

  private blockControl(): Node {
    const context = "block clause";
    const name = this.templateName(this.nextNonSpace(), context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    this.asNewTree(() => {
      const { list, end } = this.itemList();
      if (end.type !== "end") this.fail(`unexpected {{${end.type}}} in ${context}`);
      this.add(name, list);
    });
    return { type: "template", name, pipe };
  }

  private pipeline(context: string, end: Tok): Pipe {
    const decl: string[] = [];
    let isAssign = false;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== Tok.Variable) break;
      const at = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.kind === Tok.Assign || next.kind === Tok.Declare) {
        isAssign = next.kind === Tok.Assign;
        this.nextNonSpace();
        decl.push(v.text);
        this.vars.push(v.text);
        break;
      }
      if (next.kind === Tok.Char && next.text === ",") {
        this.nextNonSpace();
        decl.push(v.text);
        this.vars.push(v.text);
        if (context === "range" && decl.length < 2) {
          const k = this.peekNonSpace().kind;
          if (k === Tok.Variable || k === Tok.RightDelim || k === Tok.RightParen) continue;
          this.fail("range can only initialize variables");
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.i = at;
      break;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.nextNonSpace();
      if (t.kind === end) {
        if (cmds.length === 0) this.fail(`missing value for ${context}`);
        cmds.slice(1).forEach((c, i) => {
          const first = c.args[0]!.type;
          if (["bool", "dot", "nil", "number", "string"].includes(first)) {
            this.fail(`non executable command in pipeline stage ${i + 2}`);
          }
        });
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

  private command(): Command {
    const args: Arg[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) args.push(operand);
      const t = this.next();
      if (t.kind === Tok.Space) continue;
      if (t.kind === Tok.RightDelim || t.kind === Tok.RightParen) this.backup();
      else if (t.kind !== Tok.Pipe) this.unexpected(t, "operand");
      break;
    }
    if (args.length === 0) this.fail("empty command");
    return { args };
  }

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
        return this.fail(`unexpected . after term ${JSON.stringify(node.type)}`);
      default:
        return { type: "chain", node, fields };
    }
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case Tok.Identifier:
        if (!BUILTIN_FUNCTIONS.has(t.text)) this.fail(`function ${JSON.stringify(t.text)} not defined`, t);
        return { type: "identifier", name: t.text };
      case Tok.Dot:
        return { type: "dot" };
      case Tok.Nil:
        return { type: "nil" };
      case Tok.Variable: {
        const name = t.text;
        if (!this.vars.includes(name)) this.fail(`undefined variable ${JSON.stringify(name)}`, t);
        return { type: "variable", idents: [name] };
      }
      case Tok.Field:
        return { type: "field", idents: [toBytes(t.text.slice(1))] };
      case Tok.Bool:
        return { type: "bool", value: t.text === "true" };
      case Tok.CharConstant: {
        const rune = unquoteCharConstant(t.text);
        if (rune === undefined) this.fail(`malformed character constant: ${t.text}`, t);
        return { type: "number", number: charLiteral(t.text, rune) };
      }
      case Tok.Complex:
      case Tok.Number: {
        const n = parseNumberLiteral(t.text, t.kind === Tok.Complex ? "complex" : "number");
        if (typeof n === "string") this.fail(n, t);
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
 * `TemplateParseError` with Go's reason.
 */
export function parseTemplate(name: string, text: string): TreeSet {
  const trees: TreeSet = new Map();
  let tokens: Token[];
  try {
    tokens = lex(text);
  } catch (err) {
    if (err instanceof LexError) throw new TemplateParseError(`template: ${name}:${err.message}`);
    throw err;
  }
  new Parser(name, tokens, trees).parseTop();
  return trees;
}
