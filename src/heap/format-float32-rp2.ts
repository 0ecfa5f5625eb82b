/**
 * repr() of a float32 exactly as MicroPython v1.28 prints it on the rp2 port
 * (RP2040, MICROPY_FLOAT_IMPL_FLOAT, MICROPY_FLOAT_FORMAT_IMPL_APPROX).
 *
 * That firmware does not print the shortest round-tripping digits: it scales
 * the value by powers of ten in float32, reads back its own text with its own
 * float32 parser and nudges the last digit until the text reads back as the
 * value (a dichotomic search), trying 6, then 7…9 digits. Every step is
 * re-done here in float32, with the arithmetic the board really has:
 * - the RP2040 boot-ROM float routines: correctly rounded (nearest-even), but
 *   subnormal inputs and results are flushed to a signed zero, and compares
 *   treat subnormals as zero (measured on the board);
 * - powf(5, n) from MicroPython's lib/libm, which is off by one ulp for a few n
 *   and returns 0 below 5**-54 (table below, read from the board's math.pow).
 * Written from the behaviour of py/formatfloat.c, py/parsenum.c and
 * py/mpprint.c (MIT); no code is copied.
 */

import { add, bitsOf, div, fromBits, ftz, ge, isZeroBits, mul, signBit, sub } from './float32-rom-math';

/** Float → uint32 like the ROM conversion: truncates, saturates. */
function toUint32(x: number): number {
  if (!(x > 0)) return 0;
  return x >= 2 ** 32 ? 0xffffffff : Math.floor(x);
}

// powf(5, n) as the firmware computes it, n = -54…55: correctly rounded except
// these n, where lib/libm's powf is one ulp off (bit pattern difference).
const POW5_OFF_BY: Record<number, number> = { [-51]: 1, [-49]: 1, [-45]: 1, [-36]: -1, [-22]: -1, [-18]: -1, 11: 1 };
const POW5 = new Map<number, number>();

/** float32 nearest to 5**n (ties to even), computed exactly with BigInt. */
function nearestPow5(n: number): number {
  // 5**n = num / den exactly; find the 24-bit significand by integer division.
  const p = 5n ** BigInt(Math.abs(n));
  const [num, den] = n >= 0 ? [p, 1n] : [1n, p];
  let e = Math.floor(Math.abs(n) * Math.log2(5)) * Math.sign(n) - 23; // 2**e ≈ value / 2**23
  for (;;) {
    const scaledNum = e >= 0 ? num : num << BigInt(-e);
    const scaledDen = e >= 0 ? den << BigInt(e) : den;
    const q = scaledNum / scaledDen;
    if (q < 1n << 23n) e--;
    else if (q >= 1n << 24n) e++;
    else {
      const r2 = 2n * (scaledNum - q * scaledDen);
      const up = r2 > scaledDen || (r2 === scaledDen && (q & 1n) === 1n);
      return (Number(q) + (up ? 1 : 0)) * 2 ** e; // exact in a double, and a float32
    }
  }
}

function pow5(n: number): number {
  if (n > 55) return Infinity;
  if (n < -54) return 0;
  let v = POW5.get(n);
  if (v === undefined) {
    v = nearestPow5(n);
    const off = POW5_OFF_BY[n];
    if (off) v = fromBits(bitsOf(v) + off);
    POW5.set(n, v);
  }
  return v;
}

/**
 * num × 10**k the firmware's way: add k to the binary exponent field (an
 * 8-bit field that wraps, also on subnormals), then multiply by powf(5, k),
 * or divide by powf(5, −k) for −10 ≤ k < 0.
 */
function decimalExp(num: number, k: number): number {
  if (k === 0 || ftz(num) === 0) return num;
  const b = bitsOf(num);
  const exp = (((b >>> 23) & 0xff) + k) & 0xff;
  const res = fromBits((b & 0x807fffff) | (exp << 23));
  return k < 0 && k >= -10 ? div(res, pow5(-k)) : mul(res, pow5(k));
}

const MANTISSA_MAX = 0x19999998;

/** The firmware's float32 parser for the unsigned text it just produced. */
function parseUnsigned(text: string): number {
  let part: 'int' | 'frac' | 'exp' = 'int';
  let expNeg = false;
  let mantissa = 0;
  let expVal = 0;
  let expExtra = 0;
  let zerosInt = 0;
  let zerosFrac = 0;
  const accept = (dig: number, where: 'int' | 'frac') => {
    if (mantissa < MANTISSA_MAX) {
      if (where === 'frac') expExtra--;
      mantissa = 10 * mantissa + dig;
    } else if (where === 'int') {
      expExtra++;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c >= '0' && c <= '9') {
      const dig = c.charCodeAt(0) - 48;
      if (part === 'exp') expVal = 10 * expVal + dig;
      else if (dig === 0 || mantissa >= MANTISSA_MAX) {
        // zeros (and digits past the precision) wait until a digit follows
        if (part === 'int') zerosInt++;
        else zerosFrac++;
      } else {
        for (; zerosInt > 0; zerosInt--) accept(0, 'int');
        for (; zerosFrac > 0; zerosFrac--) accept(0, 'frac');
        accept(dig, part);
      }
    } else if (c === '.' && part === 'int') part = 'frac';
    else if (c === 'e' && part !== 'exp') {
      part = 'exp';
      if (text[i + 1] === '+') i++;
      else if (text[i + 1] === '-') {
        i++;
        expNeg = true;
      }
    }
  }
  const exp = (expNeg ? -expVal : expVal) + expExtra + zerosInt;
  return decimalExp(Math.fround(mantissa), exp);
}

/** Digits of `mantissa` laid out for %g with `nd` digits and decimal exponent `e`. */
function layOut(mantissa: number, cap: number, nd: number, trailing: number, e: number): string {
  let dec = 0;
  let prefix = '';
  if (mantissa && mantissa >= cap) {
    // rounding or the search produced one digit too many
    mantissa = Math.floor(mantissa / 10);
    e++;
  }
  if (e > 0 && e < 16) {
    dec = e;
    if (dec >= nd) trailing = dec - (nd - 1);
    e = 0;
  } else if (e < 0 && e >= -4) {
    let cnt = 0;
    while (e < 0 && mantissa % 10 === 0) {
      mantissa = Math.floor(mantissa / 10);
      cnt++;
      e++;
    }
    nd -= cnt;
    prefix = '0.' + '0'.repeat(Math.max(0, cnt - e - 1));
    dec = 255; // no decimal point among the digits
    e = 0;
  }
  const digits: string[] = [];
  for (let d = nd - 1; d >= 0; d--) {
    digits[d > dec ? d + 1 : d] = String(mantissa % 10);
    mantissa = Math.floor(mantissa / 10);
  }
  let dot = dec >= 255;
  if (dec + 1 < nd) {
    dot = true;
    digits[dec + 1] = '.';
  }
  let s = prefix + digits.join('');
  if (trailing > 0) {
    dec -= nd - 1;
    for (; trailing > 0; trailing--) {
      if (dec-- === 0) {
        s += '.';
        dot = true;
      }
      s += '0';
    }
  }
  if (dot) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (e !== 0) {
    const a = Math.abs(e);
    s += `e${e < 0 ? '-' : '+'}${a >= 100 ? String(Math.floor(a / 100)) : ''}${Math.floor(a / 10) % 10}${a % 10}`;
  }
  return s;
}

const SAFE_DIGITS = 6;
const MAX_DIGITS = 9;

/** What `repr(x)` prints on MicroPython v1.28 rp2 for the float32 value `x`. */
export function formatFloat32Rp2(x: number): string {
  const bits = bitsOf(x);
  if ((bits & 0x7f800000) === 0x7f800000) {
    if (bits & 0x7fffff) return 'nan';
    return bits >>> 31 ? '-inf' : 'inf';
  }
  const sign = bits >>> 31 ? '-' : '';
  const f = fromBits(bits & 0x7fffffff);
  const zero = bits << 1 === 0;

  // Decimal exponent: estimated from the binary one, then corrected by
  // comparing with float32 powers of ten.
  let e = 0;
  if (!zero) {
    const binExp = ((bits >>> 23) & 0xff) - 127;
    e = Math.trunc(mul(binExp, Math.fround(0.3010299956639812)));
    const up = (bits & 0x7fffffff) >= 0x3f800000 ? 1 : 0;
    let base = decimalExp(1, e + up);
    while (ge(f, base) === (up === 1)) {
      e += up ? 1 : -1;
      base = decimalExp(1, e + up);
    }
  }

  let text: string;
  for (let nd = SAFE_DIGITS; ; nd++) {
    const trailing = MAX_DIGITS - nd;
    let decexp = zero ? 0 : nd - e - 1;
    const cap = 10 ** nd;
    let factor = 1;
    // float32 alone cannot hold 8-9 digits: the last ones come from an integer factor
    if (nd > SAFE_DIGITS && decexp > 1) {
      if (nd > SAFE_DIGITS + 1 && decexp > 2) {
        factor = 100;
        decexp -= 2;
      } else {
        factor = 10;
        decexp -= 1;
      }
    }
    let mantissa = (factor * toUint32(add(decimalExp(f, decexp), 0.5))) % 2 ** 32;
    text = layOut(mantissa, cap, nd, trailing, e);
    let diff = sub(parseUnsigned(text), f);
    if (isZeroBits(diff)) break;

    // Walk the mantissa towards the value, halving the step each time.
    let best = { diff, mantissa };
    let step = nd > SAFE_DIGITS ? 1 << (3 * (nd - SAFE_DIGITS)) : 1;
    let more = false;
    for (let runs = 3 + 3 * (MAX_DIGITS - SAFE_DIGITS); runs > 0; runs--) {
      mantissa = (signBit(diff) ? mantissa + step : mantissa - step + 2 ** 32) % 2 ** 32;
      text = layOut(mantissa, cap, nd, trailing, e);
      diff = sub(parseUnsigned(text), f);
      if (isZeroBits(diff)) break;
      const delta = sub(Math.abs(diff), Math.abs(best.diff));
      if (signBit(delta) || (isZeroBits(delta) && mantissa % 10 === 0)) best = { diff, mantissa };
      if (step > 1) {
        step >>>= 1;
      } else {
        if (nd < MAX_DIGITS) more = true;
        else if (mantissa !== best.mantissa) text = layOut(best.mantissa, cap, nd, trailing, e);
        break;
      }
    }
    if (!more) break;
  }
  // repr always shows a float as one (py/mpprint.c PF_FLAG_ALWAYS_DECIMAL)
  if (!/[.en]/.test(text)) text += '.0';
  return sign + text;
}
