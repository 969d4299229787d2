import { isDigit, isLetter } from "./gostring";

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

export interface Token {
  readonly kind: Tok;
  readonly text: string;
  readonly line: number;
}

const LEFT = "{{";
const RIGHT = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
/** A trim marker is "-" and one space: "{{- " or " -}}". */
const TRIM_MARKER_LEN = 2;
const DECIMAL_DIGITS = "0123456789_";
const HEX_DIGITS = "0123456789abcdefABCDEF_";

/** Go's template lexer trims and separates on exactly these, never on other Unicode spaces. */
function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function isAlphaNumeric(cp: number): boolean {
  return cp === 0x5f || isLetter(cp) || isDigit(cp);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === "-" && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s[at]) && s[at + 1] === "-";
}

function trimRightSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s[end - 1])) end--;
  return s.slice(0, end);
}

function leftSpaces(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s[i])) i++;
  return i - at;
}

/** Thrown for a lexical error; the parser reports it as a parse error. */
export class LexError extends Error {}

/**
 * Splits a template into tokens the way Go's `text/template/parse` lexer does: text between
 * actions, `{{-`/`-}}` trimming only ASCII space, tab, CR and LF, comments that must touch the
 * delimiters, and Go's literal syntax. The whole input is lexed up front; any lexical error
 * is a parse error in Go as well.
 */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}

/**
 * The lexer's state, with one method per state function of Go's lex.go (same names). Go's state
 * functions return the next state; here each method calls or returns to the next step directly:
 * `run` alternates lexText and lexLeftDelim, and lexLeftDelim goes on to a comment or to
 * lexInsideAction, which lexes item after item until lexRightDelim closes the action.
 */
class Lexer {
  private readonly tokens: Token[] = [];
  /** Where the next character is read. */
  private pos = 0;
  /** Where the pending token starts; `emit` takes the text from here to `pos`. */
  private start = 0;
  /**
   * The line of `start`, 1-based; advanced past the newlines of tokens, text and comments, but not
   * of a trim marker or the spaces it trims (Go's ignore() counts those; error lines may differ).
   */
  private line = 1;
  /** Open parentheses in the current action. */
  private parenDepth = 0;

  constructor(private readonly input: string) {}

  run(): Token[] {
    // At the end of the input lexText finds no delimiter and emits nothing more.
    while (this.lexText()) this.lexLeftDelim();
    this.tokens.push({ kind: Tok.EOF, text: "", line: this.line });
    return this.tokens;
  }

  // ---- state functions, in the order of Go's lex.go ----

  /** Emits the text before the next left delimiter; false when there is none (end of input). */
  private lexText(): boolean {
    const { input } = this;
    const x = input.indexOf(LEFT, this.pos);
    if (x < 0) {
      this.pos = input.length;
      if (this.pos > this.start) this.emit(Tok.Text);
      return false;
    }
    if (x > this.pos || x > this.start) {
      this.pos = x;
      let text = input.slice(this.start, this.pos);
      // "{{- " drops the text's trailing spaces, but the line count still includes their newlines.
      if (hasLeftTrimMarker(input, this.pos + LEFT.length)) text = trimRightSpaces(text);
      if (text.length > 0) this.tokens.push({ kind: Tok.Text, text, line: this.line });
      this.line += countNewlines(input.slice(this.start, this.pos));
      this.start = this.pos;
    }
    return true;
  }

  /** Lexes "{{" and an optional "-" trim marker, then a comment or a whole action. */
  private lexLeftDelim(): void {
    this.pos += LEFT.length;
    const afterMarker = hasLeftTrimMarker(this.input, this.pos) ? TRIM_MARKER_LEN : 0;
    // A comment must touch the delimiter (or its marker); it emits no "{{" token.
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.start = this.pos;
      this.lexComment();
      return;
    }
    // The "{{" token's text excludes the marker, which is then skipped.
    this.emit(Tok.LeftDelim);
    this.pos += afterMarker;
    this.start = this.pos;
    this.parenDepth = 0;
    this.lexInsideAction();
  }

  /** Skips a comment and its right delimiter; the comment must touch the delimiter. */
  private lexComment(): void {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) this.fail("unclosed comment");
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = this.atRightDelim();
    // Reported at the comment's first line: the line is advanced only once the comment is whole.
    if (!delim) this.fail("comment ends before closing delimiter");
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    if (trim) this.pos += TRIM_MARKER_LEN;
    this.pos += RIGHT.length;
    if (trim) this.pos += leftSpaces(this.input, this.pos);
    this.start = this.pos;
  }

  /** Lexes "}}", or " -}}" followed by the spaces that the marker trims. */
  private lexRightDelim(): void {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += TRIM_MARKER_LEN;
      this.start = this.pos;
    }
    this.pos += RIGHT.length;
    this.emit(Tok.RightDelim);
    if (trim) {
      this.pos += leftSpaces(this.input, this.pos);
      this.start = this.pos;
    }
  }

  /** Lexes an action's items up to and including its right delimiter. */
  private lexInsideAction(): void {
    for (;;) {
      if (this.atRightDelim().delim) {
        if (this.parenDepth === 0) return this.lexRightDelim();
        this.fail("unclosed left paren");
      }
      const c = this.input[this.pos];
      if (c === undefined) return this.fail("unclosed action");
      if (isSpace(c)) {
        if (this.lexSpace()) return;
        continue;
      }
      this.lexActionItem(c);
    }
  }

  /**
   * Lexes one item that starts with `c` (not a space, not the right delimiter): the `switch` of
   * Go's lexInsideAction. Dispatches on the UTF-16 unit `c`; the code point decides the rest.
   */
  private lexActionItem(c: string): void {
    const cp = this.nextCp();
    switch (c) {
      case "=":
        return this.emit(Tok.Assign);
      case ":":
        if (this.input[this.pos] !== "=") this.fail("expected :=");
        this.pos++;
        return this.emit(Tok.Declare);
      case "|":
        return this.emit(Tok.Pipe);
      case '"':
        return this.lexQuote();
      case "`":
        return this.lexRawQuote();
      case "$":
        return this.lexVariable();
      case "'":
        return this.lexChar();
      case "(":
        this.parenDepth++;
        return this.emit(Tok.LeftParen);
      case ")":
        this.parenDepth--;
        if (this.parenDepth < 0) this.fail("unexpected right paren");
        return this.emit(Tok.RightParen);
    }
    // "." followed by a digit starts a number (".5"); otherwise it is a field or the dot.
    const n = this.input[this.pos];
    if (c === "." && (n === undefined || n < "0" || n > "9")) return this.lexField();
    if (c === "." || c === "+" || c === "-" || (c >= "0" && c <= "9")) {
      this.pos = this.start;
      return this.lexNumber();
    }
    if (isAlphaNumeric(cp)) {
      this.pos = this.start;
      return this.lexIdentifier();
    }
    if (cp >= 0x20 && cp < 0x7f) return this.emit(Tok.Char); // printable ASCII
    this.fail(`unrecognized character in action: ${describe(cp)}`);
  }

  /**
   * Emits a run of spaces, unless the run ends in " -}}": that last space belongs to the trim
   * marker, so it is left for lexRightDelim. True when the run was just that space and the
   * action is now closed (straight to lexRightDelim, as in Go, without the parenthesis check).
   */
  private lexSpace(): boolean {
    let spaces = 0;
    while (isSpace(this.input[this.pos])) {
      this.pos++;
      spaces++;
    }
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT, this.pos + 1)) {
      this.pos--;
      if (spaces === 1) {
        this.lexRightDelim();
        return true;
      }
    }
    this.emit(Tok.Space);
    return false;
  }

  /** Lexes an identifier or keyword; `true` and `false` are Bool tokens. */
  private lexIdentifier(): void {
    let cp = this.peekCp();
    while (cp >= 0 && isAlphaNumeric(cp)) {
      this.nextCp();
      cp = this.peekCp();
    }
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) this.fail(`bad character ${describe(cp)}`);
    // hasOwn: a word like "constructor" or "toString" is an identifier, not an inherited key.
    const keyword = KEYWORDS[word];
    if (keyword !== undefined && Object.prototype.hasOwnProperty.call(KEYWORDS, word)) this.emit(keyword);
    else if (word === "true" || word === "false") this.emit(Tok.Bool);
    else this.emit(Tok.Identifier);
  }

  /** Lexes a field (".Name"); the "." has been read. A lone "." is the Dot token. */
  private lexField(): void {
    this.lexFieldOrVariable(Tok.Field);
  }

  /** Lexes a variable ("$x"); the "$" has been read. A lone "$" is a Variable too. */
  private lexVariable(): void {
    this.lexFieldOrVariable(Tok.Variable);
  }

  private lexFieldOrVariable(kind: typeof Tok.Field | typeof Tok.Variable): void {
    if (this.atTerminator()) {
      this.emit(kind === Tok.Variable ? Tok.Variable : Tok.Dot);
      return;
    }
    let cp = this.peekCp();
    while (cp >= 0 && isAlphaNumeric(cp)) {
      this.nextCp();
      cp = this.peekCp();
    }
    if (!this.atTerminator()) this.fail(`bad character ${describe(cp)}`);
    this.emit(kind);
  }

  /** Lexes a character constant ('a'); the opening quote has been read. */
  private lexChar(): void {
    this.scanQuoted("'", "character constant");
    this.emit(Tok.CharConstant);
  }

  /** Lexes an interpreted string ("..."); the opening quote has been read. */
  private lexQuote(): void {
    this.scanQuoted('"', "quoted string");
    this.emit(Tok.String);
  }

  /** Lexes a raw string (`...`), which may span lines; the opening quote has been read. */
  private lexRawQuote(): void {
    const end = this.input.indexOf("`", this.pos);
    if (end < 0) this.fail("unterminated raw quoted string");
    this.pos = end + 1;
    this.emit(Tok.RawString);
  }

  /** Lexes a number, or a complex number written as a real part and a signed imaginary part. */
  private lexNumber(): void {
    if (!this.scanNumber()) this.fail(`bad number syntax: ${JSON.stringify(this.pendingText())}`);
    const sign = this.input[this.pos];
    if (sign === "+" || sign === "-") {
      // "1+2i": the second part must scan too and end in "i".
      if (!this.scanNumber() || this.input[this.pos - 1] !== "i") {
        this.fail(`bad number syntax: ${JSON.stringify(this.pendingText())}`);
      }
      this.emit(Tok.Complex);
      return;
    }
    this.emit(Tok.Number);
  }

  // ---- scanning helpers (Go's scanNumber, accept, next, peek, ...) ----

  /**
   * Reads what may be a number, as loosely as Go does (the parser checks its value). False, with
   * the offending character read, when a letter, digit or "_" follows it.
   */
  private scanNumber(): boolean {
    this.accept("+-");
    let digits = DECIMAL_DIGITS;
    if (this.accept("0")) {
      if (this.accept("xX")) digits = HEX_DIGITS;
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    // Only decimal numbers take an "e" exponent and only hex numbers a "p" one.
    if (digits === DECIMAL_DIGITS && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun(DECIMAL_DIGITS);
    }
    if (digits === HEX_DIGITS && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun(DECIMAL_DIGITS);
    }
    this.accept("i");
    if (this.pos < this.input.length && isAlphaNumeric(this.peekCp())) {
      this.nextCp();
      return false;
    }
    return true;
  }

  /** Reads one character (a UTF-16 unit) if it is in `set`. */
  private accept(set: string): boolean {
    if (this.pos < this.input.length && set.includes(this.input[this.pos]!)) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Reads characters (UTF-16 units) while they are in `set`. */
  private acceptRun(set: string): void {
    while (this.pos < this.input.length && set.includes(this.input[this.pos]!)) this.pos++;
  }

  /** Reads a quoted literal's body and closing quote; a backslash escapes anything but a newline. */
  private scanQuoted(quote: string, what: string): void {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === "\\") {
        const n = this.input[this.pos];
        if (n !== undefined && n !== "\n") {
          this.nextCp();
          continue;
        }
        this.fail(`unterminated ${what}`);
      }
      if (c === undefined || c === "\n") this.fail(`unterminated ${what}`);
      if (c === quote) return;
    }
  }

  /** The code point at `pos`, or -1 at the end of the input. */
  private peekCp(): number {
    return this.pos < this.input.length ? this.input.codePointAt(this.pos)! : -1;
  }

  /** Reads one code point (one or two UTF-16 units); -1 at the end of the input. */
  private nextCp(): number {
    const cp = this.peekCp();
    if (cp >= 0) this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** Whether `pos` is at "}}" or at " -}}" (`trim`: a trim marker comes first). */
  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + TRIM_MARKER_LEN))
      return { delim: true, trim: true };
    return { delim: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  /** Whether a field, variable or identifier may end at `pos`. */
  private atTerminator(): boolean {
    const c = this.input[this.pos];
    if (c === undefined || isSpace(c) || ".,|:)(".includes(c)) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }

  private pendingText(): string {
    return this.input.slice(this.start, this.pos);
  }

  /** Emits the pending text as a token and moves the line past its newlines. */
  private emit(kind: Tok): void {
    const text = this.pendingText();
    this.tokens.push({ kind, text, line: this.line });
    this.line += countNewlines(text);
    this.start = this.pos;
  }

  /** Go's errorf: the message is prefixed with the current line. */
  private fail(message: string): never {
    throw new LexError(`${this.line}: ${message}`);
  }
}

/** Go's %#U: "U+0001 "\u0001"" style. */
function describe(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} ${JSON.stringify(String.fromCodePoint(cp))}`;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
