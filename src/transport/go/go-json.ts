/**
 * JSON exactly as a Go API server writes it: keys sorted, no spaces, and `<`, `>`, `&`, U+2028
 * and U+2029 escaped (Go's `json.Encoder` escapes HTML by default). The OCM webhook measures
 * a ManifestWork on these bytes, so bundle sizes computed here match what the webhook checks.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // defineProperty: a `__proto__` key is data here (e.g. a ConfigMap key), not the prototype.
      if (v !== undefined)
        Object.defineProperty(out, key, {
          value: sortKeys(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }
  return value;
}

/** Canonical (Go-compatible) JSON text of `value`. Equal objects give byte-identical text. */
export function goJson(value: unknown): string {
  // JSON.stringify only emits these characters inside string literals, so replacing them
  // afterwards cannot touch the structure.
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/** Bytes of a protobuf varint holding `n` (`sovGenerated` in the generated Go code). */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Extra bytes Go's escaping adds over `JSON.stringify`: 5 per `<`, `>`, `&`; 3 per U+2028/U+2029. */
export function goEscapeOverhead(json: string): number {
  // Five indexOf scans are ~10x faster than one character-class regex on large manifests.
  if (!["<", ">", "&", "\u2028", "\u2029"].some((c) => json.includes(c))) return 0;
  let extra = 0;
  for (const m of json.matchAll(/[<>&\u2028\u2029]/g))
    extra += m[0] === "\u2028" || m[0] === "\u2029" ? 3 : 5;
  return extra;
}

/** Bytes of the JSON the API server would send for a value whose `JSON.stringify` text is `json`. */
export function goJsonByteLength(json: string): number {
  return Buffer.byteLength(json, "utf8") + goEscapeOverhead(json);
}

/** `Manifest.Size()` for a manifest of `jsonBytes` bytes: 1 tag byte + varint(length) + the bytes. */
export function wireSizeOfBytes(jsonBytes: number): number {
  return 1 + varintSize(jsonBytes) + jsonBytes;
}

/**
 * What one manifest counts against the OCM ManifestWork size limit: `Manifest.Size()`, the
 * protobuf size of its `runtime.RawExtension` = 1 tag byte + varint(length) + the raw JSON.
 * Key order does not change the length, so the unsorted `JSON.stringify` text is measured.
 */
export function manifestWireSize(value: unknown): number {
  return wireSizeOfBytes(goJsonByteLength(JSON.stringify(value)));
}
