/**
 * Plain YAML scalars resolved exactly as kubectl reads them: `sigs.k8s.io/yaml` decodes with
 * `go.yaml.in/yaml/v2` (YAML 1.1 rules, `resolve.go`) into `interface{}` and converts that to JSON.
 * So `0644` is 420, `yes`/`on`/`y` are booleans, `1_000` is 1000, a date stays a string, base-60
 * numbers stay strings, and a number Go reads as an exact int64 that JavaScript cannot hold
 * exactly (beyond ±2^53) is marked, so the reader refuses it by name instead of rounding it.
 *
 * Used as custom tags of the `yaml` library: only plain (unquoted) scalars are resolved here;
 * quoted and block scalars are strings, as in Go.
 */
import type { ScalarTag } from "yaml";

/** A plain scalar Go reads as a 64-bit integer outside JavaScript's exact range (±2^53). */
export class InexactInteger {
  constructor(public readonly text: string) {}
}

/** A plain scalar Go reads as ±Inf or NaN: kubectl cannot turn it into JSON either. */
export class NonFiniteNumber {
  constructor(public readonly text: string) {}
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** `strconv.ParseInt(s, 0, 64)` (`signed`) or `strconv.ParseUint(s, 0, 64)`: the value or undefined. */
function parseGoInteger(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (signed && (rest.startsWith("+") || rest.startsWith("-"))) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  let digits: RegExp;
  let prefix = "";
  if (/^0[xX]/.test(rest)) {
    digits = /^[0-9a-fA-F]+$/;
    prefix = "0x";
    rest = rest.slice(2);
  } else if (/^0[oO]/.test(rest)) {
    digits = /^[0-7]+$/;
    prefix = "0o";
    rest = rest.slice(2);
  } else if (/^0[bB]/.test(rest)) {
    digits = /^[01]+$/;
    prefix = "0b";
    rest = rest.slice(2);
  } else if (rest.length > 1 && rest.startsWith("0")) {
    digits = /^[0-7]+$/;
    prefix = "0o";
    rest = rest.slice(1);
  } else {
    digits = /^[0-9]+$/;
  }
  if (!digits.test(rest)) return undefined;
  const magnitude = BigInt(`${prefix}${rest}`);
  const value = negative ? -magnitude : magnitude;
  if (signed ? value < INT64_MIN || value > INT64_MAX : value > UINT64_MAX) return undefined;
  return value;
}

/** go-yaml's `yamlStyleFloat`: the only float spellings it accepts after the integer tries. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** `strconv.ParseFloat(s, 64)` for the decimal spellings above; undefined on overflow (ErrRange). */
function parseGoFloat(s: string): number | undefined {
  if (!YAML_STYLE_FLOAT.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

function integerValue(value: bigint, text: string): number | InexactInteger {
  return value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : new InexactInteger(text);
}

/**
 * go-yaml v2's `resolve("", in)` for a plain scalar starting with a digit, a sign or a dot,
 * after the exact-spelling table (booleans, nulls, special floats) did not match.
 */
export function resolveGoNumber(text: string): unknown {
  if (text.startsWith(".")) return parseGoFloat(text) ?? text;
  // A timestamp (`2001-12-14`) stays a string for interface{} targets, as does anything that
  // is no number below, so go-yaml's timestamp check changes nothing here.
  const plain = text.replace(/_/g, "");
  const signed = parseGoInteger(plain, true);
  if (signed !== undefined) return integerValue(signed, text);
  // Above int64, Go's uint64 becomes a float64 when kubectl decodes the JSON into an
  // unstructured object, so kubectl sends the rounded double; so does this reader.
  const unsigned = parseGoInteger(plain, false);
  if (unsigned !== undefined) return Number(unsigned);
  const float = parseGoFloat(plain);
  if (float !== undefined) return float;
  if (plain.startsWith("0b") || plain.startsWith("-0b")) {
    const negative = plain.startsWith("-");
    const bits = plain.slice(negative ? 3 : 2);
    if (/^[01]+$/.test(bits)) {
      const value = negative ? -BigInt(`0b${bits}`) : BigInt(`0b${bits}`);
      if (value >= INT64_MIN && value <= UINT64_MAX) return integerValue(value, text);
    }
  }
  return text;
}

const exact = (words: readonly string[]) =>
  new RegExp(`^(?:${words.map((w) => w.replace(/[.+]/g, "\\$&")).join("|")})$`);

/** The scalar tags of the reader, in resolution order, replacing the YAML 1.1 schema's. */
export const GO_YAML_SCALAR_TAGS: ScalarTag[] = [
  {
    tag: "tag:yaml.org,2002:null",
    default: true,
    test: /^(?:~|null|Null|NULL)?$/,
    resolve: () => null,
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    test: exact(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]),
    resolve: () => true,
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    test: exact(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]),
    resolve: () => false,
  },
  {
    tag: "tag:yaml.org,2002:float",
    default: true,
    test: exact([
      ".nan",
      ".NaN",
      ".NAN",
      ".inf",
      ".Inf",
      ".INF",
      "+.inf",
      "+.Inf",
      "+.INF",
      "-.inf",
      "-.Inf",
      "-.INF",
    ]),
    resolve: (text: string) => new NonFiniteNumber(text),
  },
  {
    tag: "tag:yaml.org,2002:int",
    default: true,
    test: /^[-+0-9.]/,
    resolve: resolveGoNumber,
  },
];
