/**
 * The property maps the template corpus runs against (test/support/template-corpus.ts). Each is
 * the `data` of KubeStellar's `ExpandTemplates`: a WEC's `map[string]string` of properties.
 */

/** A template case: KubeStellar expands `template` as a text/template named `name` over `data`. */
export interface TemplateCase {
  readonly name: string;
  readonly template: string;
  readonly data: Readonly<Record<string, string>>;
  /** What the case exercises (hand-written group, or `random:<shape>`); for reading reports. */
  readonly group: string;
}

/** No properties at all: every `.key` is missing. */
export const EMPTY: Readonly<Record<string, string>> = {};

/** A WEC as the sandbox has one, plus values that exercise escaping and re-expansion. */
export const SMALL: Readonly<Record<string, string>> = {
  clusterName: "wec1",
  region: "us-east-1",
  zone: "z1",
  n: "3",
  empty: "",
  html: `<b class="x">Tom & 'Jerry'</b>`,
  // A value that looks like a template: values are data, never expanded again.
  nested: "{{ .region }}",
  spaces: "  padded\t",
  uni: "héllo wörld",
  emoji: "😀🚀",
  ctl: "a\nb\tc\\d",
};

/** Twenty keys: ranges, `len` and whole-map printing over a bigger map (sorted key order). */
export const MANY: Readonly<Record<string, string>> = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`k${String(i).padStart(2, "0")}`, `v${i}`]),
);

/** Unicode keys (identifiers in Go: letters of any script) and multi-byte values. */
export const UNICODE: Readonly<Record<string, string>> = {
  名前: "東京",
  ключ: "значение",
  é: "ü",
  _x: "underscore",
  emoji: "👩‍👩‍👧‍👦",
  clusterName: "wéc-1",
};

/** Keys that are not Go identifiers: a field `.key` cannot name them, `index` can. */
export const NON_IDENTIFIER: Readonly<Record<string, string>> = {
  "a-b": "dash",
  "a.b": "dot",
  "9lives": "cat",
  "with space": "sp",
  "": "blank key",
  "😀": "smile",
  region: "eu-west-2",
};

/** Values holding template syntax and characters that html, js and urlquery escape. */
export const TEMPLATEY: Readonly<Record<string, string>> = {
  x: "X",
  t: "{{ .x }}",
  close: "}}",
  open: "{{",
  quote: `"'\``,
  amp: "a&b=c d/e?f#g",
  lt: "<script>alert(1)</script>",
  nul: "a\u0000b",
  nbsp: "\u00a0x\u00a0",
  ls: "a\u2028b",
};

export const DATA_MAPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  EMPTY,
  SMALL,
  MANY,
  UNICODE,
  NON_IDENTIFIER,
  TEMPLATEY,
};
