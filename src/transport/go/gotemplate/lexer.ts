import { goQuote, isDigit, isLetter, isPrint, runeCount, toBytes } from "./gostring";

/** Token kinds of Go's template lexer (`text/template/parse` item types). */
export const Tok = {
  Error: "error",
  Text: "text",
  LeftDelim: "{{",
  RightDelim: "}}",
  Space: "space",
  Assign: "=",
  Declare: ":=",
  Pipe: "|",
  Char: "char",
  String: "string",
  RawString: "raw string",
  CharConstant: "character constant",
  Number: "number",
  Complex: "complex",
  Variable: "variable",
  Field: "field",
  Dot: ".",
  Identifier: "identifier",
  Bool: "bool",
  Nil: "nil",
  LeftParen: "(",
  RightParen: ")",
  Block: "block",
  Break: "break",
  Continue: "continue",
  Define: "define",
  Else: "else",
  End: "end",
  If: "if",
  Range: "range",
  Template: "template",
  With: "with",
  EOF: "EOF",
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

const KEYWORDS: Readonly<Record<string, Tok>> = {
  block: Tok.Block,
  break: Tok.Break,
  continue: Tok.Continue,
  define: Tok.Define,
  else: Tok.Else,
  end: Tok.End,
  if: Tok.If,
  nil: Tok.Nil,
  range: Tok.Range,
  template: Tok.Template,
  with: Tok.With,
};

/** The kinds Go orders after `itemKeyword` (the dot among them): item.String() shows them as `<val>`. */
const KEYWORD_KINDS: ReadonlySet<Tok> = new Set<Tok>([...Object.values(KEYWORDS), Tok.Dot]);

export interface Token {
  readonly kind: Tok;
  /** The item's text (Go's `item.val`); for an Error token, the lexer's message. */
  readonly text: string;
  /** The line of the item's first character (Go's `item.line`), 1-based. */
  readonly line: number;
}

/** Go's `item.String()`, as the parser's "unexpected ..." messages show an item. */
export function describeToken(t: Token): string {
  if (t.kind === Tok.EOF) return "EOF";
  if (t.kind === Tok.Error) return t.text;
  if (KEYWORD_KINDS.has(t.kind)) return `<${t.text}>`;
  const bytes = toBytes(t.text);
  // len(val) > 10 counts bytes; %.10q keeps the first 10 runes.
  if (bytes.length > 10) return `${goQuote(truncateRunes(t.text, 10))}...`;
  return goQuote(t.text);
}

/** The first `n` runes (code points) of `s`, as Go's `%.nq` precision keeps them. */
function truncateRunes(s: string, n: number): string {
  if (runeCount(toBytes(s)) <= n) return s;
  return Array.from(s).slice(0, n).join("");
}

const LEFT = "{{";
const RIGHT = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
/** A trim marker is "-" and one space: "{{- " or " -}}". */
const TRIM_MARKER_LEN = 2;
const SPACE_CHARS = " \t\r\n";
const EOF = -1;

/** Go's template lexer trims and separates on exactly these, never on other Unicode spaces. */
function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

function isAlphaNumeric(r: number): boolean {
  return r === 0x5f || isLetter(r) || isDigit(r);
}

/** Go's `hasLeftTrimMarker` on the input from `at`. */
function hasLeftTrimMarker(s: string, at: number): boolean {
  return at + 1 < s.length && s[at] === "-" && isSpace(s.charCodeAt(at + 1));
}

/** Go's `hasRightTrimMarker` on the input from `at`. */
function hasRightTrimMarker(s: string, at: number): boolean {
  return at >= 0 && at + 1 < s.length && isSpace(s.charCodeAt(at)) && s[at + 1] === "-";
}

/** Thrown by `lex` for a lexical error: the line, ": " and Go's message. */
export class LexError extends Error {}

/**
 * Every token of a template, as Go's lexer hands them out one by one, up to EOF; a lexical
 * error is thrown as a LexError. The parser does not use this: it pulls tokens lazily
 * (`Lexer.nextItem`), as Go's does, so that a parse error before a lexical one wins.
 */
export function lex(input: string): Token[] {
  const lexer = new Lexer(input);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.nextItem();
    if (t.kind === Tok.Error) throw new LexError(`${t.line}: ${t.text}`);
    tokens.push(t);
    if (t.kind === Tok.EOF) return tokens;
  }
}

/** A lone surrogate becomes U+FFFD, as Go's JSON decoding makes it: Go then sees valid UTF-8. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** A state of the lexer (Go's stateFn): returns the next state, or null once an item is ready. */
type StateFn = (l: Lexer) => StateFn | null;

/**
 * Go's `text/template/parse` lexer (lex.go), state function for state function, on a JavaScript
 * string: positions count UTF-16 units and `next` reads a code point. Items are made on demand
 * (`nextItem`), so an error is only seen when the parser reaches it; lines are counted exactly as
 * Go counts them (every newline passed, skipped or not).
 */
export class Lexer {
  input: string;
  /** Current position in the input. */
  pos = 0;
  /** Start position of the pending item. */
  start = 0;
  /** Whether `next` has hit the end of the input (then `backup` does nothing, as in Go). */
  atEOF = false;
  /** Nesting depth of ( ) in the current action. */
  parenDepth = 0;
  /** 1 + the newlines seen before `pos`. */
  line = 1;
  /** The line of `start`. */
  startLine = 1;
  /** The item to return to the parser. */
  item: Token = { kind: Tok.EOF, text: "EOF", line: 1 };
  insideAction = false;

  constructor(input: string) {
    this.input = wellFormed(input);
  }

  /** Go's nextItem: runs the state functions until one produces an item. */
  nextItem(): Token {
    this.item = { kind: Tok.EOF, text: "EOF", line: this.startLine };
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  /** The next rune (code point), or EOF. */
  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  /** Steps back one rune (nothing once the end of the input was read, as in Go). */
  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      const pair =
        c >= 0xdc00 &&
        c <= 0xdfff &&
        this.pos >= 2 &&
        (this.input.charCodeAt(this.pos - 2) & 0xfc00) === 0xd800;
      this.pos -= pair ? 2 : 1;
      if (c === 0x0a) this.line--;
    }
  }

  thisItem(kind: Tok): Token {
    const item: Token = { kind, text: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return item;
  }

  emit(kind: Tok): StateFn | null {
    return this.emitItem(this.thisItem(kind));
  }

  emitItem(item: Token): StateFn | null {
    this.item = item;
    return null;
  }

  /** Skips the pending input, counting its newlines (it was skipped without `next`). */
  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r >= 0 && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    let r = this.next();
    while (r >= 0 && valid.includes(String.fromCodePoint(r))) r = this.next();
    this.backup();
  }

  /** Go's errorf: an Error item at the pending item's line; the input is dropped. */
  errorf(message: string): StateFn | null {
    this.item = { kind: Tok.Error, text: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = "";
    return null;
  }

  /** Whether `pos` is at "}}" or at " -}}" (`trim`: a trim marker comes first). */
  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + TRIM_MARKER_LEN))
      return { delim: true, trim: true };
    return { delim: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  /** Whether a field, variable or identifier may end at `pos`. */
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(RIGHT, this.pos);
  }

  scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      // A leading 0 does not mean octal in floats.
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 10 + 1 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 16 + 6 + 1 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    // The next thing must not be alphanumeric.
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

// ---- state functions, in the order of Go's lex.go ----

/** Scans until an opening action delimiter. */
function lexText(l: Lexer): StateFn | null {
  const x = l.input.indexOf(LEFT, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      // "{{- " trims the text's trailing spaces.
      let trimLength = 0;
      if (hasLeftTrimMarker(l.input, l.pos + LEFT.length)) {
        let end = l.pos;
        while (end > l.start && SPACE_CHARS.includes(l.input[end - 1]!)) end--;
        trimLength = l.pos - end;
      }
      l.pos -= trimLength;
      l.line += countNewlines(l.input, l.start, l.pos);
      const item = l.thisItem(Tok.Text);
      l.pos += trimLength;
      l.ignore();
      if (item.text.length > 0) return l.emitItem(item);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  // Correctly reached EOF.
  if (l.pos > l.start) {
    l.line += countNewlines(l.input, l.start, l.pos);
    return l.emit(Tok.Text);
  }
  return l.emit(Tok.EOF);
}

/** Scans the left delimiter, possibly with a trim marker; a comment emits no "{{". */
function lexLeftDelim(l: Lexer): StateFn | null {
  l.pos += LEFT.length;
  const afterMarker = hasLeftTrimMarker(l.input, l.pos) ? TRIM_MARKER_LEN : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const item = l.thisItem(Tok.LeftDelim);
  l.insideAction = true;
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(item);
}

/** Scans a comment; the left comment marker is known to be present. */
function lexComment(l: Lexer): StateFn | null {
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf("unclosed comment");
  l.pos = x + RIGHT_COMMENT.length;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf("comment ends before closing delimiter");
  l.line += countNewlines(l.input, l.start, l.pos);
  l.thisItem(Tok.Text); // Go's itemComment, never emitted here.
  if (trim) l.pos += TRIM_MARKER_LEN;
  l.pos += RIGHT.length;
  if (trim) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

/** Scans the right delimiter, possibly with a trim marker. */
function lexRightDelim(l: Lexer): StateFn | null {
  const { trim } = l.atRightDelim();
  if (trim) {
    l.pos += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.pos += RIGHT.length;
  const item = l.thisItem(Tok.RightDelim);
  if (trim) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(item);
}

/** Scans the elements inside action delimiters. */
function lexInsideAction(l: Lexer): StateFn | null {
  if (l.atRightDelim().delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf("unclosed left paren");
  }
  const r = l.next();
  if (r === EOF) return l.errorf("unclosed action");
  if (isSpace(r)) {
    l.backup(); // Put the space back in case we have " -}}".
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(Tok.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf("expected :=");
      return l.emit(Tok.Declare);
    case 0x7c: // |
      return l.emit(Tok.Pipe);
    case 0x22: // "
      return lexQuote;
    case 0x60: // `
      return lexRawQuote;
    case 0x24: // $
      return lexVariable;
    case 0x27: // '
      return lexChar;
  }
  if (r === 0x2e) {
    // Special look-ahead for ".field" so as not to break backup().
    if (l.pos < l.input.length) {
      const c = l.input[l.pos]!;
      if (c < "0" || c > "9") return lexField;
    }
    // "." can start a number.
  }
  if (r === 0x2e || r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r === 0x28) {
    l.parenDepth++;
    return l.emit(Tok.LeftParen);
  }
  if (r === 0x29) {
    l.parenDepth--;
    if (l.parenDepth < 0) return l.errorf("unexpected right paren");
    return l.emit(Tok.RightParen);
  }
  if (r <= 0x7f && isPrint(r)) return l.emit(Tok.Char);
  return l.errorf(`unrecognized character in action: ${describeRune(r)}`);
}

/** Scans a run of spaces; the first one is known to be present and not consumed. */
function lexSpace(l: Lexer): StateFn | null {
  let spaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    spaces++;
  }
  // A trim-marked right delimiter starts with a space: check for the "-" that might follow.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT, l.pos - 1 + TRIM_MARKER_LEN)) {
    l.backup(); // Before the space.
    if (spaces === 1) return lexRightDelim; // On the delimiter, so go right to it.
  }
  return l.emit(Tok.Space);
}

/** Scans an alphanumeric word: a keyword, a bool or an identifier. */
function lexIdentifier(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${describeRune(r)}`);
    // hasOwn: a word like "constructor" or "toString" is an identifier, not an inherited key.
    if (Object.prototype.hasOwnProperty.call(KEYWORDS, word)) return l.emit(KEYWORDS[word]!);
    if (word === "true" || word === "false") return l.emit(Tok.Bool);
    return l.emit(Tok.Identifier);
  }
}

/** Scans a field (".Name"); the "." has been read. */
function lexField(l: Lexer): StateFn | null {
  return lexFieldOrVariable(l, Tok.Field);
}

/** Scans a variable ("$x"); the "$" has been read. */
function lexVariable(l: Lexer): StateFn | null {
  if (l.atTerminator()) return l.emit(Tok.Variable); // Nothing interesting follows: "$".
  return lexFieldOrVariable(l, Tok.Variable);
}

function lexFieldOrVariable(l: Lexer, kind: typeof Tok.Field | typeof Tok.Variable): StateFn | null {
  if (l.atTerminator()) return l.emit(kind === Tok.Variable ? Tok.Variable : Tok.Dot);
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${describeRune(r)}`);
  return l.emit(kind);
}

/** Scans a quoted body up to `quote`; a backslash escapes anything but a newline or the end. */
function scanQuoted(l: Lexer, quoteChar: number): boolean {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return false;
    }
    if (r === EOF || r === 0x0a) return false;
    if (r === quoteChar) return true;
  }
}

/** Scans a character constant; the opening quote has been read (the parser checks the syntax). */
function lexChar(l: Lexer): StateFn | null {
  if (!scanQuoted(l, 0x27)) return l.errorf("unterminated character constant");
  return l.emit(Tok.CharConstant);
}

/** Scans a number, or a complex number written as a real part and a signed imaginary part. */
function lexNumber(l: Lexer): StateFn | null {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // Complex: 1+2i. No spaces, must end in "i".
    if (!l.scanNumber() || l.input[l.pos - 1] !== "i") {
      return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    }
    return l.emit(Tok.Complex);
  }
  return l.emit(Tok.Number);
}

/** Scans an interpreted string; the opening quote has been read. */
function lexQuote(l: Lexer): StateFn | null {
  if (!scanQuoted(l, 0x22)) return l.errorf("unterminated quoted string");
  return l.emit(Tok.String);
}

/** Scans a raw string, which may span lines; the opening quote has been read. */
function lexRawQuote(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unterminated raw quoted string");
    if (r === 0x60) return l.emit(Tok.RawString);
  }
}

function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (i < s.length && SPACE_CHARS.includes(s[i]!)) i++;
  return i - at;
}

/** Go's `%#U`: "U+0041 'A'", the character shown only when strconv.IsPrint says so. */
export function describeRune(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
