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
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let parenDepth = 0;

  const emit = (kind: Tok, text = input.slice(start, pos)): void => {
    tokens.push({ kind, text, line });
    line += countNewlines(text);
    start = pos;
  };
  const fail = (message: string): never => {
    throw new LexError(`${line}: ${message}`);
  };
  const peekCp = (): number => (pos < input.length ? input.codePointAt(pos)! : -1);
  const nextCp = (): number => {
    const cp = peekCp();
    if (cp >= 0) pos += cp > 0xffff ? 2 : 1;
    return cp;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2))
      return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };
  const atTerminator = (): boolean => {
    const c = input[pos];
    if (c === undefined || isSpace(c) || ".,|:)(".includes(c)) return true;
    return input.startsWith(RIGHT, pos);
  };
  const describe = (cp: number): string =>
    `U+${cp.toString(16).toUpperCase().padStart(4, "0")} ${JSON.stringify(String.fromCodePoint(cp))}`;

  const lexRightDelim = (): void => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += 2;
      start = pos;
    }
    pos += RIGHT.length;
    emit(Tok.RightDelim);
    if (trim) {
      pos += leftSpaces(input, pos);
      start = pos;
    }
  };

  const lexComment = (): void => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) fail("unclosed comment");
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) fail("comment ends before closing delimiter");
    line += countNewlines(input.slice(start, pos));
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) pos += leftSpaces(input, pos);
    start = pos;
  };

  const scanNumber = (): boolean => {
    const accept = (set: string): boolean => {
      if (pos < input.length && set.includes(input[pos]!)) {
        pos++;
        return true;
      }
      return false;
    };
    const acceptRun = (set: string): void => {
      while (pos < input.length && set.includes(input[pos]!)) pos++;
    };
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (pos < input.length && isAlphaNumeric(peekCp())) {
      nextCp();
      return false;
    }
    return true;
  };

  const lexNumber = (): void => {
    if (!scanNumber()) fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
    const sign = input[pos];
    if (sign === "+" || sign === "-") {
      if (!scanNumber() || input[pos - 1] !== "i") {
        fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
      }
      emit(Tok.Complex);
      return;
    }
    emit(Tok.Number);
  };

  const lexQuoted = (quote: string, what: string, kind: Tok): void => {
    for (;;) {
      const c = input[pos++];
      if (c === "\\") {
        const n = input[pos];
        if (n !== undefined && n !== "\n") {
          nextCp();
          continue;
        }
        fail(`unterminated ${what}`);
      }
      if (c === undefined || c === "\n") fail(`unterminated ${what}`);
      if (c === quote) break;
    }
    emit(kind);
  };

  const lexFieldOrVariable = (kind: Tok): void => {
    if (atTerminator()) {
      emit(kind === Tok.Variable ? Tok.Variable : Tok.Dot);
      return;
    }
    let cp: number;
    for (;;) {
      cp = peekCp();
      if (cp < 0 || !isAlphaNumeric(cp)) break;
      nextCp();
    }
    if (!atTerminator()) fail(`bad character ${describe(cp)}`);
    emit(kind);
  };

  const lexIdentifier = (): void => {
    for (;;) {
      const cp = peekCp();
      if (cp >= 0 && isAlphaNumeric(cp)) {
        nextCp();
        continue;
      }
      const word = input.slice(start, pos);
      if (!atTerminator()) fail(`bad character ${describe(cp)}`);
      const keyword = KEYWORDS[word];
      if (keyword !== undefined && Object.prototype.hasOwnProperty.call(KEYWORDS, word)) emit(keyword);
      else if (word === "true" || word === "false") emit(Tok.Bool);
      else emit(Tok.Identifier);
      return;
    }
  };

  /** Lexes one action's contents up to and including its right delimiter. */
  const lexInsideAction = (): void => {
    for (;;) {
      const { delim } = atRightDelim();
      if (delim) {
        if (parenDepth === 0) {
          lexRightDelim();
          return;
        }
        fail("unclosed left paren");
      }
      const c = input[pos];
      if (c === undefined) return fail("unclosed action");
      if (isSpace(c)) {
        let spaces = 0;
        while (isSpace(input[pos])) {
          pos++;
          spaces++;
        }
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos + 1)) {
          pos--;
          if (spaces === 1) {
            lexRightDelim();
            return;
          }
        }
        emit(Tok.Space);
        continue;
      }
      const cp = nextCp();
      switch (c) {
        case "=":
          emit(Tok.Assign);
          continue;
        case ":":
          if (input[pos] !== "=") fail("expected :=");
          pos++;
          emit(Tok.Declare);
          continue;
        case "|":
          emit(Tok.Pipe);
          continue;
        case '"':
          lexQuoted('"', "quoted string", Tok.String);
          continue;
        case "`": {
          const end = input.indexOf("`", pos);
          if (end < 0) fail("unterminated raw quoted string");
          pos = end + 1;
          emit(Tok.RawString);
          continue;
        }
        case "$":
          lexFieldOrVariable(Tok.Variable);
          continue;
        case "'":
          lexQuoted("'", "character constant", Tok.CharConstant);
          continue;
        case "(":
          parenDepth++;
          emit(Tok.LeftParen);
          continue;
        case ")":
          parenDepth--;
          if (parenDepth < 0) fail("unexpected right paren");
          emit(Tok.RightParen);
          continue;
      }
      if (c === ".") {
        const n = input[pos];
        if (n === undefined || n < "0" || n > "9") {
          lexFieldOrVariable(Tok.Field);
          continue;
        }
      }
      if (c === "." || c === "+" || c === "-" || (c >= "0" && c <= "9")) {
        pos = start;
        lexNumber();
        continue;
      }
      if (isAlphaNumeric(cp)) {
        pos = start;
        lexIdentifier();
        continue;
      }
      if (cp < 0x80 && cp >= 0x20 && cp < 0x7f) {
        emit(Tok.Char);
        continue;
      }
      fail(`unrecognized character in action: ${describe(cp)}`);
    }
  };

  while (pos < input.length || start < input.length) {
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) emit(Tok.Text);
      break;
    }
    if (x > pos || x > start) {
      pos = x;
      let text = input.slice(start, pos);
      if (hasLeftTrimMarker(input, pos + LEFT.length)) text = trimRightSpaces(text);
      if (text.length > 0) tokens.push({ kind: Tok.Text, text, line });
      line += countNewlines(input.slice(start, pos));
      start = pos;
    }
    // The left delimiter, possibly with a trim marker, then a comment or an action.
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? 2 : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      start = pos;
      lexComment();
      continue;
    }
    emit(Tok.LeftDelim);
    pos += afterMarker;
    start = pos;
    parenDepth = 0;
    lexInsideAction();
  }
  tokens.push({ kind: Tok.EOF, text: "", line });
  return tokens;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
