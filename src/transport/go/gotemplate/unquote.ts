import { encodeRune, MAX_RUNE, toBytes } from "./gostring";

/** Go's `strconv.UnquoteChar` on a JavaScript string: one (possibly escaped) character, as a rune or a raw byte. */
interface Unquoted {
  /** A rune to encode as UTF-8, or a single raw byte (from `\x` and octal escapes). */
  readonly value: number;
  readonly isByte: boolean;
  readonly rest: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
};

function unquoteChar(s: string, at: number, quote: string): Unquoted | undefined {
  const c = s[at];
  if (c === undefined) return undefined;
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  if (c !== "\\") {
    const cp = s.codePointAt(at)!;
    return { value: cp, isByte: false, rest: at + (cp > 0xffff ? 2 : 1) };
  }
  const e = s[at + 1];
  if (e === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined && Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, e)) {
    return { value: simple, isByte: false, rest: at + 2 };
  }
  if (e === "'" || e === '"') {
    return e === quote ? { value: e.charCodeAt(0), isByte: false, rest: at + 2 } : undefined;
  }
  if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    const hex = s.slice(at + 2, at + 2 + n);
    if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    const v = parseInt(hex, 16);
    if (e === "x") return { value: v, isByte: true, rest: at + 2 + n };
    if (v > MAX_RUNE || (v >= 0xd800 && v <= 0xdfff)) return undefined;
    return { value: v, isByte: false, rest: at + 2 + n };
  }
  if (e >= "0" && e <= "7") {
    const oct = s.slice(at + 1, at + 4);
    if (!/^[0-7]{3}$/.test(oct)) return undefined;
    const v = parseInt(oct, 8);
    if (v > 255) return undefined;
    return { value: v, isByte: true, rest: at + 4 };
  }
  return undefined;
}

/**
 * Go's `strconv.Unquote` of a string literal token (`"…"` or `` `…` ``); the result is a byte
 * string. Undefined when Go would report a syntax error.
 */
export function unquoteString(token: string): string | undefined {
  const q = token[0];
  if (token.length < 2 || token[token.length - 1] !== q) return undefined;
  const body = token.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) return undefined;
    // Go drops carriage returns from raw strings.
    return toBytes(body.replace(/\r/g, ""));
  }
  if (q !== '"' || body.includes("\n")) return undefined;
  let out = "";
  for (let i = 0; i < body.length;) {
    const u = unquoteChar(body, i, '"');
    if (u === undefined) return undefined;
    out += u.isByte ? String.fromCharCode(u.value) : encodeRune(u.value);
    i = u.rest;
  }
  return out;
}

/** The rune of a character constant token (`'a'`, `'\n'`, `'\x41'`), or undefined when malformed. */
export function unquoteCharConstant(token: string): number | undefined {
  const u = unquoteChar(token, 1, "'");
  if (u === undefined || token.slice(u.rest) !== "'") return undefined;
  return u.value;
}

/**
 * A character constant token as Go's parser reads it (`strconv.UnquoteChar` after the opening
 * quote, then exactly the closing quote): the rune, or Go's error message.
 */
export function parseCharConstant(token: string): number | string {
  const u = unquoteChar(token, 1, "'");
  if (u === undefined) return "invalid syntax";
  if (token.slice(u.rest) !== "'") return `malformed character constant: ${token}`;
  return u.value;
}
