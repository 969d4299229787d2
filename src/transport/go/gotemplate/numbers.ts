/**
 * Number literals of Go templates (`parse.NumberNode`): which of int, uint, float and complex a
 * literal can be, following `strconv.ParseUint/ParseInt/ParseFloat` with base 0 and Go's
 * underscore rules. Integers are bigint so that every int64 is exact.
 */
import { goQuote } from "./gostring";

export interface NumberLiteral {
  readonly text: string;
  readonly isInt: boolean;
  readonly int64: bigint;
  readonly isUint: boolean;
  readonly uint64: bigint;
  readonly isFloat: boolean;
  readonly float64: number;
  readonly isComplex: boolean;
  readonly re: number;
  readonly im: number;
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

function lower(c: string): string {
  return c.toLowerCase();
}

/** Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(lower(s[1]!))) {
    i = 2;
    saw = "0";
    hex = lower(s[1]!) === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && lower(c) >= "a" && lower(c) <= "f")) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** `strconv.ParseUint(s, 0, 64)`; undefined on any error. */
export function parseUint(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === "0") {
    const p = s.length >= 3 ? lower(s[1]!) : "";
    if (p === "b") [base, digits] = [2, s.slice(2)];
    else if (p === "o") [base, digits] = [8, s.slice(2)];
    else if (p === "x") [base, digits] = [16, s.slice(2)];
    else [base, digits] = [8, s.slice(1)];
  }
  let n = 0n;
  let underscores = false;
  for (const c of digits) {
    if (c === "_") {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
    if (n > MAX_UINT64) return undefined;
  }
  if (underscores && !underscoreOK(s)) return undefined;
  return n;
}

/** `strconv.ParseInt(s, 0, 64)`; undefined on any error. */
export function parseInt64(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  const neg = s[0] === "-";
  const body = s[0] === "+" || s[0] === "-" ? s.slice(1) : s;
  const u = parseUint(body);
  if (u === undefined) return undefined;
  const v = neg ? -u : u;
  return v < MIN_INT64 || v > MAX_INT64 ? undefined : v;
}

const DECIMAL_FLOAT = /^[+-]?(?=[.]?[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]((?=[.]?[0-9a-fA-F])[0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** Why `strconv.ParseFloat` or `strconv.Atoi` failed (their `ErrSyntax` and `ErrRange`). */
type NumErr = "invalid syntax" | "value out of range";

/** `strconv.ParseFloat(s, 64)` for the literals a template can contain, or why it fails. */
function parseFloatOrError(s: string): number | { readonly err: NumErr } {
  const syntax = { err: "invalid syntax" } as const;
  if (s.includes("_") && !underscoreOK(s)) return syntax;
  const clean = s.replace(/_/g, "");
  let value: number;
  if (DECIMAL_FLOAT.test(s)) {
    value = Number(clean);
  } else {
    const m = HEX_FLOAT.exec(clean);
    if (m === null) return syntax;
    const [, sign, intPart, fracPart = "", exp] = m;
    const mantissa = BigInt(`0x${intPart}${fracPart}` === "0x" ? "0x0" : `0x${intPart}${fracPart}`);
    value = Number(mantissa) * 2 ** (Number(exp) - 4 * fracPart.length);
    if (sign === "-") value = -value;
  }
  return Number.isFinite(value) ? value : { err: "value out of range" };
}

/** `strconv.ParseFloat(s, 64)` for the literals a template can contain; undefined on error or overflow. */
export function parseFloat64(s: string): number | undefined {
  const f = parseFloatOrError(s);
  return typeof f === "number" ? f : undefined;
}

/** `strconv.Atoi(s)` on a 64-bit platform: decimal, optional sign, no underscores. */
function atoi(s: string): number | { readonly err: NumErr } {
  if (!/^[+-]?[0-9]+$/.test(s)) return { err: "invalid syntax" };
  const v = BigInt(s);
  return v < MIN_INT64 || v > MAX_INT64 ? { err: "value out of range" } : Number(v);
}

/** A `*strconv.NumError`'s message. */
function numError(func: string, num: string, err: NumErr): string {
  return `strconv.${func}: parsing ${goQuote(num)}: ${err}`;
}

/** fmt's `errComplex`. */
const COMPLEX_ERROR = "syntax error scanning complex number";

/** fmt's `convertFloat` with n = 64: the value, or the message of the error it panics with. */
function convertFloat(str: string): number | string {
  const p = str.indexOf("p");
  if (p >= 0 && !/[xX]/.test(str)) {
    // A decimal mantissa with a binary exponent (1.2p4), which ParseFloat does not read; the
    // template lexer never makes one, but fmt would read it so.
    const f = parseFloatOrError(str.slice(0, p));
    if (typeof f !== "number") return numError("ParseFloat", str, f.err);
    const m = atoi(str.slice(p + 1));
    if (typeof m !== "number") return numError("Atoi", str, m.err);
    return f * 2 ** m;
  }
  const f = parseFloatOrError(str);
  return typeof f === "number" ? f : numError("ParseFloat", str, f.err);
}

/**
 * `fmt.Sscan(text, &complex128)`, as the parser reads a complex literal (`1+2i`): fmt's
 * complexTokens, floatToken and convertFloat. The real and imaginary parts, or Go's message.
 */
function scanComplex(text: string): { re: number; im: number } | string {
  let pos = 0;
  let buf = "";
  const accept = (ok: string): boolean => {
    const c = text[pos];
    if (c === undefined || !ok.includes(c)) return false;
    buf += c;
    pos++;
    return true;
  };
  const floatToken = (): string => {
    buf = "";
    if (accept("nN") && accept("aA") && accept("nN")) return buf;
    accept("+-");
    if (accept("iI") && accept("nN") && accept("fF")) return buf;
    let digits = "0123456789_";
    let exp = "eEpP";
    if (accept("0") && accept("xX")) {
      digits = "0123456789aAbBcCdDeEfF_";
      exp = "pP";
    }
    while (accept(digits));
    if (accept(".")) while (accept(digits));
    if (accept(exp)) {
      accept("+-");
      while (accept("0123456789_"));
    }
    return buf;
  };
  const parens = accept("(");
  const real = floatToken();
  buf = "";
  if (!accept("+-")) return COMPLEX_ERROR;
  const imagSign = buf;
  const imag = floatToken();
  if (!accept("i")) return COMPLEX_ERROR;
  if (parens && !accept(")")) return COMPLEX_ERROR;
  const re = convertFloat(real);
  if (typeof re === "string") return re;
  const im = convertFloat(imagSign + imag);
  if (typeof im === "string") return im;
  return { re, im };
}

/** Go's `float64(int64(f)) == f` on amd64: integral and within int64. */
function fitsInt64(f: number): boolean {
  return Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63;
}

/** Go's `float64(uint64(f)) == f` on amd64: integral and within uint64 (including -0). */
function fitsUint64(f: number): boolean {
  return Number.isInteger(f) && f > -1 && f < 2 ** 64;
}

function fromFloat(text: string, f: number): NumberLiteral {
  return {
    text,
    isInt: fitsInt64(f),
    int64: fitsInt64(f) ? BigInt(f) : 0n,
    isUint: fitsUint64(f),
    uint64: fitsUint64(f) ? BigInt(Math.abs(f)) : 0n,
    isFloat: true,
    float64: f,
    isComplex: false,
    re: 0,
    im: 0,
  };
}

function fromComplex(text: string, re: number, im: number): NumberLiteral {
  if (im !== 0) {
    return { ...fromFloat(text, 0), isInt: false, isUint: false, isFloat: false, isComplex: true, re, im };
  }
  return { ...fromFloat(text, re), isComplex: true, re, im };
}

/** A number, character or complex literal as the template parser reads it, or an error message. */
export function parseNumberLiteral(text: string, kind: "number" | "complex"): NumberLiteral | string {
  if (kind === "complex") {
    // `1+2i`: a real part, a signed imaginary part ending in `i` (fmt.Sscan into complex128).
    const c = scanComplex(text);
    return typeof c === "string" ? c : fromComplex(text, c.re, c.im);
  }
  if (text.endsWith("i")) {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== undefined) return fromComplex(text, 0, f);
  }
  const u = parseUint(text);
  const i = parseInt64(text);
  if (i !== undefined) {
    const uint = i === 0n ? (u ?? 0n) : u;
    return {
      text,
      isInt: true,
      int64: i,
      isUint: uint !== undefined,
      uint64: uint ?? 0n,
      isFloat: true,
      float64: Number(i),
      isComplex: false,
      re: 0,
      im: 0,
    };
  }
  if (u !== undefined) {
    return { ...fromFloat(text, Number(u)), isInt: false, int64: 0n, isUint: true, uint64: u };
  }
  const f = parseFloat64(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
    return fromFloat(text, f);
  }
  return `illegal number syntax: ${goQuote(text)}`;
}

/** A character constant (`'a'`, `'\n'`) is an int, uint and float at once. */
export function charLiteral(text: string, rune: number): NumberLiteral {
  return {
    text,
    isInt: true,
    int64: BigInt(rune),
    isUint: true,
    uint64: BigInt(rune),
    isFloat: true,
    float64: rune,
    isComplex: false,
    re: 0,
    im: 0,
  };
}
