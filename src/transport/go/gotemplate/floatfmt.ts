/**
 * Go's `strconv.FormatFloat(v, fmt, prec, 64)` for the verbs `fmt` uses: shortest digits (prec
 * -1) and exactly rounded fixed precision (round half to even on the exact binary value).
 */

interface Digits {
  /** Significant decimal digits, no trailing zeros ("" for zero). */
  d: string;
  /** Position of the decimal point: value = 0.d × 10^dp. */
  dp: number;
}

function bitsOf(v: number): { neg: boolean; exp: number; mant: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  let exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) exp++;
  else mant |= 1n << 52n;
  return { neg, exp: exp - 1023, mant };
}

function trim(x: Digits): Digits {
  const d = x.d.replace(/0+$/, "");
  return { d, dp: d.length === 0 ? 0 : x.dp };
}

function exactDigits(v: number): Digits {
  const { exp, mant } = bitsOf(v);
  if (mant === 0n) return { d: "", dp: 0 };
  const e2 = exp - 52;
  if (e2 >= 0) {
    const d = (mant << BigInt(e2)).toString();
    return trim({ d, dp: d.length });
  }
  const d = (mant * 5n ** BigInt(-e2)).toString();
  return trim({ d, dp: d.length + e2 });
}

function shortestDigits(v: number): Digits {
  if (v === 0) return { d: "", dp: 0 };
  const [mantissa, exponent] = Math.abs(v).toExponential().split("e");
  const d = mantissa!.replace(".", "");
  return trim({ d, dp: Number(exponent) + 1 });
}

/** Rounds to `nd` significant digits, half to even (Go's `decimal.Round`). */
function round(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: "", dp: 0 };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const rest = x.d.slice(nd + 1);
    up = /[1-9]/.test(rest) || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  if (!up) return trim({ d: x.d.slice(0, nd), dp: x.dp });
  const kept = x.d.slice(0, nd).split("");
  let i = nd - 1;
  while (i >= 0 && kept[i] === "9") i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  kept[i] = String.fromCharCode(kept[i]!.charCodeAt(0) + 1);
  return trim({ d: kept.slice(0, i + 1).join(""), dp: x.dp });
}

function fmtE(neg: boolean, x: Digits, prec: number, e: string): string {
  let out = neg ? "-" : "";
  out += x.d.length > 0 ? x.d[0] : "0";
  if (prec > 0) {
    out += ".";
    const m = Math.min(x.d.length, prec + 1);
    let i = 1;
    if (i < m) {
      out += x.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += "0";
  }
  out += e;
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  out += exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  out += exp < 10 ? `0${exp}` : String(exp);
  return out;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? "-" : "";
  if (x.dp > 0) {
    const m = Math.min(x.d.length, x.dp);
    out += x.d.slice(0, m) + "0".repeat(x.dp - m);
  } else {
    out += "0";
  }
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      out += j >= 0 && j < x.d.length ? x.d[j] : "0";
    }
  }
  return out;
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  const e = exp - 52;
  return `${neg ? "-" : ""}${mant}p${e >= 0 ? "+" : ""}${e}`;
}

function fmtX(neg: boolean, mantIn: bigint, expIn: number, prec: number, verb: "x" | "X"): string {
  let mant = mantIn;
  let exp = mantIn === 0n ? 0 : expIn;
  mant <<= 60n - 52n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = verb === "X" ? "0123456789ABCDEF" : "0123456789abcdef";
  let out = `${neg ? "-" : ""}0${verb}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if (prec < 0 && mant !== 0n) {
    out += ".";
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  } else if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  out += verb === "X" ? "P" : "p";
  out += exp < 0 ? "-" : "+";
  const a = Math.abs(exp);
  out += a < 10 ? `0${a}` : String(a);
  return out;
}

/** `strconv.FormatFloat(v, verb, prec, 64)`; `prec` -1 means the shortest representation. */
export function formatFloat(v: number, verb: string, precIn: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const { neg, exp, mant } = bitsOf(v);
  if (verb === "b") return fmtB(neg, mant, exp);
  if (verb === "x" || verb === "X") return fmtX(neg, mant, exp, precIn, verb);
  let prec = precIn;
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(v);
    if (verb === "e" || verb === "E") prec = Math.max(digs.d.length - 1, 0);
    else if (verb === "f") prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(v);
    if (verb === "e" || verb === "E") digs = round(exact, prec + 1);
    else if (verb === "f") digs = round(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = round(exact, prec);
    }
  }
  switch (verb) {
    case "e":
    case "E":
      return fmtE(neg, digs, prec, verb);
    case "f":
      return fmtF(neg, digs, prec);
    case "g":
    case "G": {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (shortest) eprec = 6;
      const e = digs.dp - 1;
      if (e < -4 || e >= eprec) {
        if (prec > digs.d.length) prec = digs.d.length;
        return fmtE(neg, digs, prec - 1, verb === "g" ? "e" : "E");
      }
      if (prec > digs.dp) prec = digs.d.length;
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
  return `%${verb}`;
}
