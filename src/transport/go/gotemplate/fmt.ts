import { formatFloat } from "./floatfmt";
import {
  canBackquote,
  encodeRune,
  isPrint,
  MAX_RUNE,
  quote,
  quoteRune,
  RUNE_ERROR,
  runeCount,
} from "./gostring";
import type { GoValue } from "./values";
import { typeName } from "./values";

/** Raised for output that cannot be reproduced deterministically (a map's address under `%p`). */
export class UnsupportedFormatError extends Error {}

const LOWER = "0123456789abcdefx";
const UPPER = "0123456789ABCDEFX";

/** Go's `fmt` printer state (`pp` + `fmt`) over byte strings, for the value types templates have. */
class Printer {
  buf = "";
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  private arg: GoValue = { kind: "invalid" };

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? "0" : " ").repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    for (let i = 0; i < s.length;) {
      n--;
      if (n < 0) return s.slice(0, i);
      i += s.charCodeAt(i) < 0x80 ? 1 : decodeWidth(s, i);
    }
    return s;
  }

  private fmtInteger(uIn: bigint, base: number, signed: boolean, verb: string, digits: string): void {
    const negative = signed && uIn < 0n;
    let u = negative ? -uIn : uIn;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = "";
    const b = BigInt(base);
    while (u >= b) {
      s = digits[Number(u % b)]! + s;
      u /= b;
    }
    s = digits[Number(u)]! + s;
    while (prec > s.length) s = `0${s}`;
    if (this.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8 && s[0] !== "0") s = `0${s}`;
      else if (base === 16) s = `0${digits[16]}${s}`;
    }
    if (verb === "O") s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (this.plus) s = `+${s}`;
    else if (this.space) s = ` ${s}`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  private fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    // fmt takes the operand as a uint64: a negative int is its two's complement.
    const unsigned = u < 0n ? u + (1n << 64n) : u;
    let s = unsigned.toString(16).toUpperCase();
    while (s.length < prec) s = `0${s}`;
    s = `U+${s}`;
    if (this.sharp && unsigned <= BigInt(MAX_RUNE) && isPrint(Number(unsigned))) {
      s += ` '${encodeRune(Number(unsigned))}'`;
    }
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  private runeOf(c: bigint): number {
    return c < 0n || c > BigInt(MAX_RUNE) ? RUNE_ERROR : Number(c);
  }

  private fmtFloat(v: number, verbIn: string, precIn: number): void {
    const verb = verbIn;
    const prec = this.precPresent ? this.prec : precIn;
    let num = formatFloat(v, verb, prec);
    num = num[0] === "-" || num[0] === "+" ? num : `+${num}`;
    if (this.space && num[0] === "+" && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === "I" || num[1] === "N") {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === "N" && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== "b") {
      let digits = 0;
      if (verb === "v" || verb === "g" || verb === "G" || verb === "x") digits = prec === -1 ? 6 : prec;
      let tail = "";
      let body = num;
      let hasPoint = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === ".") {
          hasPoint = true;
          continue;
        }
        if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if (c !== "0") sawNonzero = true;
        if (sawNonzero) digits--;
      }
      if (!hasPoint) {
        if (body.length === 2 && body[1] === "0") digits--;
        body += ".";
      }
      while (digits > 0) {
        body += "0";
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== "+") {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private printFloat(v: number, verb: string): void {
    switch (verb) {
      case "v":
        return this.fmtFloat(v, "g", -1);
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        return this.fmtFloat(v, verb, -1);
      case "f":
      case "e":
      case "E":
        return this.fmtFloat(v, verb, 6);
      case "F":
        return this.fmtFloat(v, "f", 6);
      default:
        return this.badVerb(verb);
    }
  }

  private fmtSx(s: string, digits: string): void {
    let length = s.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = this.sharp ? `0${digits[16]}` : "";
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += " ";
        if (this.sharp) out += `0${digits[16]}`;
      }
      const c = s.charCodeAt(i);
      out += digits[c >> 4]! + digits[c & 0xf]!;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  private fmtQ(sIn: string): void {
    const s = this.truncate(sIn);
    if (this.sharp && canBackquote(s)) {
      this.pad(`\`${s}\``);
      return;
    }
    this.pad(quote(s, this.plus));
  }

  private printString(s: string, verb: string): void {
    switch (verb) {
      case "v":
        if (this.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case "s":
        this.pad(this.truncate(s));
        return;
      case "x":
        return this.fmtSx(s, LOWER);
      case "X":
        return this.fmtSx(s, UPPER);
      case "q":
        return this.fmtQ(s);
      default:
        return this.badVerb(verb);
    }
  }

  private printInteger(v: bigint, signed: boolean, verb: string): void {
    switch (verb) {
      case "v":
        if (this.sharpV && !signed) {
          const sharp = this.sharp;
          this.sharp = true;
          this.fmtInteger(v, 16, false, "v", LOWER);
          this.sharp = sharp;
        } else {
          this.fmtInteger(v, 10, signed, verb, LOWER);
        }
        return;
      case "d":
        return this.fmtInteger(v, 10, signed, verb, LOWER);
      case "b":
        return this.fmtInteger(v, 2, signed, verb, LOWER);
      case "o":
      case "O":
        return this.fmtInteger(v, 8, signed, verb, LOWER);
      case "x":
        return this.fmtInteger(v, 16, signed, verb, LOWER);
      case "X":
        return this.fmtInteger(v, 16, signed, verb, UPPER);
      case "c":
        return this.pad(encodeRune(this.runeOf(v)));
      case "q":
        return this.pad(quoteRune(this.runeOf(v), this.plus));
      case "U":
        return this.fmtUnicode(v);
      default:
        return this.badVerb(verb);
    }
  }

  private badVerb(verb: string): void {
    this.buf += `%!${verb}(`;
    if (this.arg.kind === "invalid") {
      this.buf += "<nil>";
    } else {
      this.buf += `${typeName(this.arg)}=`;
      this.printArg(this.arg, "v");
    }
    this.buf += ")";
  }

  /** Prints one operand with one verb (`pp.printArg`). */
  printArg(arg: GoValue, verb: string): void {
    this.arg = arg;
    if (arg.kind === "invalid") {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb);
      return;
    }
    if (verb === "T") {
      this.pad(this.truncate(typeName(arg)));
      return;
    }
    if (verb === "w" && arg.kind === "map") {
      // `%w` outside fmt.Errorf is a bad verb for the whole operand.
      this.badVerb(verb);
      return;
    }
    if (verb === "p") {
      if (arg.kind === "map") {
        throw new UnsupportedFormatError("%p of a map prints a memory address, which is not reproducible");
      }
      this.badVerb(verb);
      return;
    }
    switch (arg.kind) {
      case "bool":
        if (verb === "t" || verb === "v") this.pad(arg.b ? "true" : "false");
        else this.badVerb(verb);
        return;
      case "float64":
        return this.printFloat(arg.f, verb);
      case "complex128":
        if ("vbgGxXfFeE".includes(verb)) {
          const oldPlus = this.plus;
          this.buf += "(";
          this.printFloat(arg.re, verb);
          this.plus = true;
          this.printFloat(arg.im, verb);
          this.buf += "i)";
          this.plus = oldPlus;
        } else {
          this.badVerb(verb);
        }
        return;
      case "int":
        return this.printInteger(arg.i, true, verb);
      case "uint8":
        return this.printInteger(arg.i, false, verb);
      case "string":
        return this.printString(arg.s, verb);
      case "map": {
        this.buf += this.sharpV ? "map[string]string{" : "map[";
        arg.keys.forEach((k, i) => {
          if (i > 0) this.buf += this.sharpV ? ", " : " ";
          this.arg = { kind: "string", s: k };
          this.printString(k, verb);
          this.buf += ":";
          const v = arg.m.get(k)!;
          this.arg = { kind: "string", s: v };
          this.printString(v, verb);
        });
        this.buf += this.sharpV ? "}" : "]";
        return;
      }
    }
  }
}

function decodeWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  // Width of a UTF-8 sequence by its lead byte, checked as Go does (invalid → 1).
  const want = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
  for (let k = 1; k < want; k++) {
    const b = s.charCodeAt(i + k);
    if (!(b >= 0x80 && b <= 0xbf)) return 1;
  }
  return want;
}

function isString(v: GoValue): boolean {
  return v.kind === "string";
}

/** `fmt.Sprint`: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, n) => {
    const s = isString(arg);
    if (n > 0 && !s && !prevString) p.buf += " ";
    p.printArg(arg, "v");
    prevString = s;
  });
  return p.buf;
}

/** `fmt.Sprintln`: spaces between all operands and a final newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, n) => {
    if (n > 0) p.buf += " ";
    p.printArg(arg, "v");
  });
  return `${p.buf}\n`;
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

/** Go's `parsenum`: ASCII digits of `s[start:end]` to an integer; `isNum` is false if none are present. */
function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  if (start >= end) return { num: 0, isNum: false, next: end };
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && s[i]! >= "0" && s[i]! <= "9"; i++) {
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    isNum = true;
  }
  return { num, isNum, next: i };
}

/** Go's `intFromArg`: the `argNum`th operand as a `*` width or precision; `isInt` reports whether it is one. */
function intFromArg(args: readonly GoValue[], argNum: number): { num: number; isInt: boolean; next: number } {
  if (argNum >= args.length) return { num: 0, isInt: false, next: argNum };
  const a = args[argNum]!;
  let num = 0;
  let isInt = false;
  if (a.kind === "int" || a.kind === "uint8") {
    if (a.i >= -(1n << 63n) && a.i < 1n << 63n) {
      num = Number(a.i);
      isInt = true;
    }
  }
  if (tooLarge(num)) return { num: 0, isInt: false, next: argNum + 1 };
  return { num, isInt, next: argNum + 1 };
}

/**
 * Go's `parseArgNumber`: the bracketed number at the start of `f` (which begins with `[`), minus 1, the bytes
 * to consume up to and including the `]` (1 if there is none), and whether the number parsed.
 */
function parseArgNumber(f: string): { index: number; wid: number; ok: boolean } {
  // There must be at least 3 bytes: [n].
  if (f.length < 3) return { index: 0, wid: 1, ok: false };
  for (let k = 1; k < f.length; k++) {
    if (f[k] === "]") {
      const n = parseNum(f, 1, k);
      if (!n.isNum || n.next !== k) return { index: 0, wid: k + 1, ok: false };
      return { index: n.num - 1, wid: k + 1, ok: true };
    }
  }
  return { index: 0, wid: 1, ok: false };
}

/** The flag a byte of a directive sets (`#0+- `), or false when the byte is not a flag. */
function setFlag(p: Printer, c: string): boolean {
  switch (c) {
    case "#":
      p.sharp = true;
      return true;
    case "0":
      p.zero = true;
      return true;
    case "+":
      p.plus = true;
      return true;
    case "-":
      p.minus = true;
      return true;
    case " ":
      p.space = true;
      return true;
    default:
      return false;
  }
}

/** The verb at `format[i]` and its width in bytes, decoded as `utf8.DecodeRuneInString` does. */
function decodeVerb(format: string, i: number): { verb: string; size: number } {
  const size = format.charCodeAt(i) < 0x80 ? 1 : decodeWidth(format, i);
  const verb = size === 1 && format.charCodeAt(i) >= 0x80 ? "\ufffd" : format.slice(i, i + size);
  return { verb, size };
}

/** The state of one `fmt.Sprintf` call as Go's `pp.doPrintf` walks the format (its locals and `pp` fields). */
class PrintfState {
  private readonly p = new Printer();
  private readonly format: string;
  private readonly args: readonly GoValue[];
  private readonly end: number;
  /** Index of the next byte of the format to process. */
  private i = 0;
  /** The next operand to print: one per non-trivial directive. */
  private argNum = 0;
  /** An explicit `[n]` index appeared somewhere, so extra operands are not reported. */
  private reordered = false;
  /** The current directive's `[n]` indexes were all usable. */
  private goodArgNum = true;
  /** The previous item in the format was an index like `[3]`. */
  private afterIndex = false;

  constructor(format: string, args: readonly GoValue[]) {
    this.format = format;
    this.args = args;
    this.end = format.length;
  }

  /** `pp.doPrintf`: the whole format, then the `%!(EXTRA ...)` tail. */
  doPrintf(): string {
    while (this.i < this.end) {
      this.goodArgNum = true;
      this.writeLiteral();
      if (this.i >= this.end) break;
      this.i++; // the '%'
      this.p.clearFlags();
      if (this.simpleFormat()) continue;
      this.argNumber(); // Do we have an explicit argument index?
      this.parseWidth();
      this.parsePrecision();
      if (!this.afterIndex) this.argNumber();
      if (this.i >= this.end) {
        this.p.buf += "%!(NOVERB)";
        break;
      }
      this.printVerb();
    }
    this.extraArgs();
    return this.p.buf;
  }

  /** Copies the text up to the next `%` (or the end) to the output. */
  private writeLiteral(): void {
    const last = this.i;
    while (this.i < this.end && this.format[this.i] !== "%") this.i++;
    if (this.i > last) this.p.buf += this.format.slice(last, this.i);
  }

  /**
   * Go's `simpleFormat` loop: reads flags, and takes the fast path for a lower-case ASCII verb with no
   * width, precision or index. Returns true when that verb was printed.
   */
  private simpleFormat(): boolean {
    for (; this.i < this.end; this.i++) {
      const c = this.format[this.i]!;
      if (setFlag(this.p, c)) continue;
      if (c >= "a" && c <= "z" && this.argNum < this.args.length) {
        this.printNextArg(c);
        this.i++;
        return true;
      }
      // Format is more complex than simple flags and a verb or is malformed.
      return false;
    }
    return false;
  }

  /** `pp.argNumber`: takes an explicit `[n]` at the current byte, if there is one, as the next operand. */
  private argNumber(): void {
    if (this.end <= this.i || this.format[this.i] !== "[") {
      this.afterIndex = false;
      return;
    }
    this.reordered = true;
    const { index, wid, ok } = parseArgNumber(this.format.slice(this.i));
    this.i += wid;
    if (ok && index >= 0 && index < this.args.length) {
      this.argNum = index;
      this.afterIndex = true;
      return;
    }
    this.goodArgNum = false;
    this.afterIndex = ok;
  }

  /** Do we have width? `*` takes it from an operand; otherwise digits. */
  private parseWidth(): void {
    const p = this.p;
    if (this.i < this.end && this.format[this.i] === "*") {
      this.i++;
      const w = intFromArg(this.args, this.argNum);
      p.wid = w.num;
      p.widPresent = w.isInt;
      this.argNum = w.next;
      if (!p.widPresent) p.buf += "%!(BADWIDTH)";
      // A negative width means the minus flag; do not pad with zeros to the right.
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      this.afterIndex = false;
      return;
    }
    const n = parseNum(this.format, this.i, this.end);
    p.wid = n.num;
    p.widPresent = n.isNum;
    this.i = n.next;
    if (this.afterIndex && p.widPresent) this.goodArgNum = false; // "%[3]2d"
  }

  /** Do we have precision? `.` then an optional index, then `*` (from an operand) or digits. */
  private parsePrecision(): void {
    if (!(this.i + 1 < this.end && this.format[this.i] === ".")) return;
    const p = this.p;
    this.i++;
    if (this.afterIndex) this.goodArgNum = false; // "%[3].2d"
    this.argNumber();
    if (this.i < this.end && this.format[this.i] === "*") {
      this.i++;
      const w = intFromArg(this.args, this.argNum);
      p.prec = w.num;
      p.precPresent = w.isInt;
      this.argNum = w.next;
      // Negative precision arguments don't make sense.
      if (p.prec < 0) {
        p.prec = 0;
        p.precPresent = false;
      }
      if (!p.precPresent) p.buf += "%!(BADPREC)";
      this.afterIndex = false;
      return;
    }
    const n = parseNum(this.format, this.i, this.end);
    p.prec = n.num;
    p.precPresent = n.isNum;
    this.i = n.next;
    if (!p.precPresent) {
      p.prec = 0;
      p.precPresent = true;
    }
  }

  /** Decodes the verb and prints it: `%%`, then `badArgNum` (BADINDEX), `missingArg` (MISSING), or the operand. */
  private printVerb(): void {
    const { verb, size } = decodeVerb(this.format, this.i);
    this.i += size;
    if (verb === "%") {
      // Percent does not absorb operands and ignores width and precision.
      this.p.buf += "%";
    } else if (!this.goodArgNum) {
      this.p.buf += `%!${verb}(BADINDEX)`;
    } else if (this.argNum >= this.args.length) {
      this.p.buf += `%!${verb}(MISSING)`;
    } else {
      this.printNextArg(verb);
    }
  }

  /** Prints the next operand with `verb`; `%v` and `%w` turn `#` and `+` into Go-syntax and field-name flags. */
  private printNextArg(verb: string): void {
    const p = this.p;
    if (verb === "v" || verb === "w") {
      p.sharpV = p.sharp;
      p.sharp = false;
      p.plusV = p.plus;
      p.plus = false;
    }
    p.printArg(this.args[this.argNum]!, verb);
    this.argNum++;
  }

  /** Reports unused operands as `%!(EXTRA type=value, ...)`, unless an explicit index reordered them. */
  private extraArgs(): void {
    const p = this.p;
    if (this.reordered || this.argNum >= this.args.length) return;
    p.clearFlags();
    p.buf += "%!(EXTRA ";
    this.args.slice(this.argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ", ";
      if (arg.kind === "invalid") {
        p.buf += "<nil>";
      } else {
        p.buf += `${typeName(arg)}=`;
        p.printArg(arg, "v");
      }
    });
    p.buf += ")";
  }
}

/** `fmt.Sprintf` over a byte-string format. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  return new PrintfState(format, args).doPrintf();
}
