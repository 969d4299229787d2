/** Go's reserved words: `token.IsIdentifier` rejects them, so KubeStellar ignores such property keys. */
const GO_KEYWORDS = new Set([
  "break",
  "case",
  "chan",
  "const",
  "continue",
  "default",
  "defer",
  "else",
  "fallthrough",
  "for",
  "func",
  "go",
  "goto",
  "if",
  "import",
  "interface",
  "map",
  "package",
  "range",
  "return",
  "select",
  "struct",
  "switch",
  "type",
  "var",
]);

const GO_IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/**
 * Mirrors Go's `go/token.IsIdentifier`, which KubeStellar uses to decide which ConfigMap keys,
 * labels and annotations are usable as template properties (`region` is, `location-group` is not).
 */
export function isGoIdentifier(key: string): boolean {
  return GO_IDENTIFIER.test(key) && !GO_KEYWORDS.has(key);
}
