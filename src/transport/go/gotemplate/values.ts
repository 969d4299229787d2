/** The values a KubeStellar template can produce: its data is a `map[string]string`, so only these Go types occur. */
export type GoValue =
  | { readonly kind: "string"; readonly s: string }
  | { readonly kind: "int"; readonly i: bigint }
  | { readonly kind: "uint8"; readonly i: bigint }
  | { readonly kind: "float64"; readonly f: number }
  | { readonly kind: "complex128"; readonly re: number; readonly im: number }
  | { readonly kind: "bool"; readonly b: boolean }
  | { readonly kind: "map"; readonly m: ReadonlyMap<string, string>; readonly keys: readonly string[] }
  /** Go's invalid `reflect.Value` (no value); as an `any` argument it is `nil`. */
  | { readonly kind: "invalid" };

export const INVALID: GoValue = { kind: "invalid" };

export function str(s: string): GoValue {
  return { kind: "string", s };
}
export function int(i: bigint): GoValue {
  return { kind: "int", i };
}
export function bool(b: boolean): GoValue {
  return { kind: "bool", b };
}

/** A byte-string map as the template's `map[string]string` data, with keys in Go's sorted order. */
export function mapValue(m: ReadonlyMap<string, string>): GoValue {
  return { kind: "map", m, keys: [...m.keys()].sort(compareBytes) };
}

/** Byte-wise comparison, as Go compares strings. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Go type name (`reflect.Type.String`). */
export function typeName(v: GoValue): string {
  return v.kind === "map" ? "map[string]string" : v.kind === "invalid" ? "<nil>" : v.kind;
}

/** Go's `template.IsTrue` for these types. */
export function truth(v: GoValue): boolean {
  switch (v.kind) {
    case "invalid":
      return false;
    case "string":
      return v.s.length > 0;
    case "map":
      return v.m.size > 0;
    case "bool":
      return v.b;
    case "int":
    case "uint8":
      return v.i !== 0n;
    case "float64":
      return v.f !== 0;
    case "complex128":
      return v.re !== 0 || v.im !== 0;
  }
}
