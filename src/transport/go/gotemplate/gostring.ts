/**
 * Go strings are byte sequences; JavaScript strings are UTF-16. The template engine keeps every Go
 * string as a "byte string": a JavaScript string whose code units are the bytes (0–255) of the
 * UTF-8 text, so `len`, `slice` and `index` count bytes exactly as Go does.
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a JavaScript string, as a byte string. Lone surrogates become U+FFFD, as in Go's JSON decoding. */
export function toBytes(text: string): string {
  // Fast path: ASCII is its own UTF-8.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  const bytes = encoder.encode(text);
  let out = "";
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** A decoded rune and the number of bytes it took; invalid UTF-8 decodes as U+FFFD of width 1, as in Go. */
export interface Rune {
  readonly rune: number;
  readonly size: number;
}

export const RUNE_ERROR = 0xfffd;
export const MAX_RUNE = 0x10ffff;

function cont(s: string, i: number, lo = 0x80, hi = 0xbf): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= lo && c <= hi;
}

/** Go's `utf8.DecodeRuneInString` on a byte string at `i`. */
export function decodeRune(s: string, i: number): Rune {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return { rune: b0, size: 1 };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    if (cont(s, i + 1)) return { rune: ((b0 & 0x1f) << 6) | (s.charCodeAt(i + 1) & 0x3f), size: 2 };
    return { rune: RUNE_ERROR, size: 1 };
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (cont(s, i + 1, lo, hi) && cont(s, i + 2)) {
      return {
        rune: ((b0 & 0x0f) << 12) | ((s.charCodeAt(i + 1) & 0x3f) << 6) | (s.charCodeAt(i + 2) & 0x3f),
        size: 3,
      };
    }
    return { rune: RUNE_ERROR, size: 1 };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(s, i + 1, lo, hi) && cont(s, i + 2) && cont(s, i + 3)) {
      return {
        rune:
          ((b0 & 0x07) << 18) |
          ((s.charCodeAt(i + 1) & 0x3f) << 12) |
          ((s.charCodeAt(i + 2) & 0x3f) << 6) |
          (s.charCodeAt(i + 3) & 0x3f),
        size: 4,
      };
    }
  }
  return { rune: RUNE_ERROR, size: 1 };
}

/** UTF-8 encoding of one rune, as a byte string (invalid runes encode as U+FFFD, as Go's `utf8.AppendRune`). */
export function encodeRune(rune: number): string {
  let r = rune;
  if (r < 0 || r > MAX_RUNE || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  if (r < 0x80) return String.fromCharCode(r);
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) {
    return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (r >> 18),
    0x80 | ((r >> 12) & 0x3f),
    0x80 | ((r >> 6) & 0x3f),
    0x80 | (r & 0x3f),
  );
}

/**
 * The JavaScript text of a byte string, turning each invalid byte into U+FFFD: exactly what Go's
 * JSON encoder writes for the same bytes, so it is what a ManifestWork carries.
 */
export function fromBytes(s: string): string {
  let out = "";
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += s[i];
      i++;
      continue;
    }
    const r = decodeRune(s, i);
    out += String.fromCodePoint(r.rune);
    i += r.size;
  }
  return out;
}

/** Number of runes in a byte string (Go's `utf8.RuneCountInString`). */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; n++) i += s.charCodeAt(i) < 0x80 ? 1 : decodeRune(s, i).size;
  return n;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's `unicode.IsPrint`/`strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(rune: number): boolean {
  if (rune < 0x80) return rune >= 0x20 && rune < 0x7f;
  if (rune > MAX_RUNE || (rune >= 0xd800 && rune <= 0xdfff)) return false;
  return PRINTABLE.test(String.fromCodePoint(rune));
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Go's `unicode.IsLetter`. */
export function isLetter(rune: number): boolean {
  if (rune < 0x80) return (rune >= 0x41 && rune <= 0x5a) || (rune >= 0x61 && rune <= 0x7a);
  return rune <= MAX_RUNE && LETTER.test(String.fromCodePoint(rune));
}

/** Go's `unicode.IsDigit`. */
export function isDigit(rune: number): boolean {
  if (rune < 0x80) return rune >= 0x30 && rune <= 0x39;
  return rune <= MAX_RUNE && DIGIT.test(String.fromCodePoint(rune));
}

const UNICODE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Go's `unicode.IsSpace` (used by `bytes.TrimSpace` when deciding whether a template is empty). */
export function isUnicodeSpace(rune: number): boolean {
  return rune <= 0xffff && UNICODE_SPACE.test(String.fromCharCode(rune));
}

const HEX_LOWER = "0123456789abcdef";

function escapeRune(r: number, asciiOnly: boolean, quote: number): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCharCode(r)}`;
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return encodeRune(r);
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return `\\x${HEX_LOWER[r >> 4]}${HEX_LOWER[r & 0xf]}`;
  const hex = r.toString(16);
  if (r < 0x10000) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

/** Go's `strconv.Quote` (or `QuoteToASCII`) of a byte string; the result is a byte string. */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const { rune, size } = decodeRune(s, i);
    if (size === 1 && rune === RUNE_ERROR) {
      const b = s.charCodeAt(i);
      out += `\\x${HEX_LOWER[b >> 4]}${HEX_LOWER[b & 0xf]}`;
    } else {
      out += escapeRune(rune, asciiOnly, 0x22);
    }
    i += size;
  }
  return `${out}"`;
}

/** Go's `%q` of a JavaScript string (strconv.Quote of its UTF-8), as a JavaScript string. */
export function goQuote(s: string): string {
  return fromBytes(quote(toBytes(s)));
}

/** Go's `strconv.QuoteRune` (or `QuoteRuneToASCII`). */
export function quoteRune(rune: number, asciiOnly = false): string {
  let r = rune;
  if (r < 0 || r > MAX_RUNE || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  return `'${escapeRune(r, asciiOnly, 0x27)}'`;
}

/** Go's `strconv.CanBackquote`. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length;) {
    const { rune, size } = decodeRune(s, i);
    i += size;
    if (size > 1) {
      if (rune === 0xfeff) return false;
      continue;
    }
    if (rune === RUNE_ERROR) return false;
    if ((rune < 0x20 && rune !== 0x09) || rune === 0x60 || rune === 0x7f) return false;
  }
  return true;
}
