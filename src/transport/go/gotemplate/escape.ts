import { decodeRune, isPrint } from "./gostring";

/** Go's `template.HTMLEscapeString` on a byte string. */
export function htmlEscape(s: string): string {
  let out = "";
  for (const c of s) {
    switch (c) {
      case "\0":
        out += "\xef\xbf\xbd"; // U+FFFD in UTF-8
        break;
      case '"':
        out += "&#34;";
        break;
      case "'":
        out += "&#39;";
        break;
      case "&":
        out += "&amp;";
        break;
      case "<":
        out += "&lt;";
        break;
      case ">":
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const JS_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "<": "\\u003C",
  ">": "\\u003E",
  "&": "\\u0026",
  "=": "\\u003D",
};
const HEX_UPPER = "0123456789ABCDEF";

/** Go's `template.JSEscapeString` on a byte string. */
export function jsEscape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c < 0x80) {
      const esc = Object.prototype.hasOwnProperty.call(JS_ESCAPES, ch) ? JS_ESCAPES[ch] : undefined;
      if (esc !== undefined) out += esc;
      else if (c < 0x20) out += `\\u00${HEX_UPPER[c >> 4]}${HEX_UPPER[c & 0xf]}`;
      else out += ch;
      continue;
    }
    const { rune, size } = decodeRune(s, i);
    if (isPrint(rune)) out += s.slice(i, i + size);
    else out += `\\u${rune.toString(16).toUpperCase().padStart(4, "0")}`;
    i += size - 1;
  }
  return out;
}

/** Go's `url.QueryEscape` on a byte string. */
export function queryEscape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else out += `%${HEX_UPPER[c >> 4]}${HEX_UPPER[c & 0xf]}`;
  }
  return out;
}
