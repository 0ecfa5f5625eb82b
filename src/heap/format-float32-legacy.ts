/**
 * repr() of a float32 as MicroPython printed it on the rp2 port before v1.26 (v1.22.2 measured):
 * `%.7g`-style text whose digits come from float32 arithmetic, not from the exact value, so the
 * last digit often differs from a correctly rounded 7-digit rendering (0.4782207 where
 * toPrecision(7) gives 0.4782206). The steps, re-done in float32 with the board's arithmetic:
 * - find the decimal exponent e by comparing with powf(10, n) (lib/libm's, one ulp off for a few n);
 * - for a value below 1 with e > 4, divide by 10^-e once; for 1e-4 ≤ value < 1, keep it;
 * - take digits by repeated subtraction of 10^k (k > 0), or of 1.0 followed by ×10 (k ≤ 0),
 *   one more digit than shown, and round up on that digit ≥ 5, carrying through the text;
 * - drop trailing zeros and the point; exponents as e+XX / e-XX; ".0" when neither point nor e.
 * Written from the behaviour of py/formatfloat.c and py/objfloat.c of those releases (MIT); no
 * code is copied. format-float32-rp2.ts does the same for v1.26 and later.
 */
import { bitsOf, div, fromBits, ftz, ge, isZeroBits, mul, signBit, sub } from './float32-rom-math';

/** repr's precision for float32 with object representation A. */
const PRECISION = 7;
/** repr's text buffer: 16 bytes, one for the terminating NUL. */
const BUF_SIZE = 16;
/** Room the exponent form needs at least ("+9e+99"). */
const MIN_BUF = 6;

// powf(10, n) as lib/libm computes it on the board (math.pow(10, n), v1.22.2): correctly rounded
// except these n, one ulp off; subnormal results are flushed to zero, and above 10^38 it overflows.
const POW10_OFF_BY: Record<number, number> = { 11: 1, [-18]: -1, [-22]: -1, [-36]: -1 };
const POW10 = new Map<number, number>();

function pow10(n: number): number {
  let v = POW10.get(n);
  if (v === undefined) {
    v = n > 38 ? Infinity : ftz(Math.fround(10 ** n));
    const off = POW10_OFF_BY[n];
    if (off !== undefined && v !== 0 && Number.isFinite(v)) v = fromBits(bitsOf(v) + off);
    POW10.set(n, v);
  }
  return v;
}

/** The binary exponent field, unbiased (subnormals give −127). */
function binaryExponent(x: number): number {
  return ((bitsOf(x) >>> 23) & 0xff) - 127;
}

export function formatFloat32Legacy(value: number): string {
  let x = Math.fround(value);
  const out: string[] = [];
  if (signBit(x) && !Number.isNaN(x)) {
    out.push('-');
    x = -x;
  }
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return `${out.join('')}inf`;
  const room = BUF_SIZE - 1 - out.length;
  const signLength = out.length;

  let prec = PRECISION;
  let fixed = false; // 'g' switched to fixed notation
  let e: number;
  let dec = 0;
  let expSign = '';
  let numDigits = 0;
  let signedE = 0;
  // (int)(exponent × 0.30103f), in float32, truncated toward zero.
  const eGuess = Math.trunc(Math.fround(binaryExponent(x) * Math.fround(0.3010299956639812)));

  if (isZeroBits(x)) {
    e = 0;
    if (prec + 6 > room) prec = room - 6;
  } else if (bitsOf(x) < 0x3f800000) {
    const entry = x;
    e = -eGuess;
    let unit = pow10(-e);
    while (ftz(unit) > ftz(x)) {
      e++;
      unit = pow10(-e);
    }
    x = div(x, unit);
    if (e <= 4) {
      fixed = true;
      prec += e - 1;
      if (prec + 2 > room) prec = room - 2;
      numDigits = prec + 1;
      signedE = 0;
      x = entry;
    } else {
      expSign = '-';
      if (prec > room - MIN_BUF) prec = room - MIN_BUF + 1;
      signedE = -e;
    }
  } else {
    e = eGuess;
    let next = pow10(e + 1);
    while (ge(x, next)) {
      e++;
      next = pow10(e + 1);
    }
    if (prec + (MIN_BUF - 1) > room) prec = room - (MIN_BUF - 1);
    if (e < prec) {
      fixed = true;
      prec -= e + 1;
      dec = e;
      numDigits = prec + e + 1;
    } else expSign = '+';
    signedE = e;
  }
  if (prec < 0) prec = 0;
  if (!fixed) {
    if (prec === 0) prec = 1;
    numDigits = prec;
  }

  // Digits, one more than shown (the last decides the rounding).
  let d = 0;
  for (let k = signedE; numDigits >= 0; k--) {
    const unit = k > 0 ? pow10(k) : 1;
    for (d = 0; d < 9; d++) {
      // "x < unit" as the ROM compares: false for a NaN (a subnormal divided by a flushed 10^-38),
      // which then yields nines, as on the board.
      if (ftz(x) < ftz(unit)) break;
      x = sub(x, unit);
    }
    if (numDigits > 0) {
      out.push(String(d));
      if (dec === 0 && prec > 0) out.push('.');
    }
    dec--;
    numDigits--;
    if (k <= 0) x = mul(x, 10);
  }

  if (d >= 5)
    roundUp(out, signLength, fixed, () => {
      // 9.99… rounded to 10.0…: the exponent moves instead of the point.
      if (expSign === '-') {
        e--;
        if (e === 0) expSign = '+';
      } else e++;
    });

  // 'g' drops trailing zeros and a trailing point.
  if (prec > 0) {
    while (out[out.length - 1] === '0') out.pop();
    if (out[out.length - 1] === '.') out.pop();
  }
  let text = out.join('');
  if (expSign) text += `e${expSign}${String(Math.floor(e / 10) % 10)}${String(e % 10)}`;
  // Python floats always show a point (or an exponent).
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

/**
 * Adds one to the last shown digit, carrying leftwards over the point. A carry out of the first
 * digit inserts a 1: in exponent form the point moves back one place instead (and `moved` is told).
 */
function roundUp(out: string[], signLength: number, fixed: boolean, moved: () => void): void {
  let i = out.length - 1;
  for (;;) {
    if (out[i] === '.') {
      i--;
      continue;
    }
    if (i < signLength) {
      i++; // past the sign: sit on the first digit
      break;
    }
    if (out[i] < '9') {
      out[i] = String.fromCharCode(out[i].charCodeAt(0) + 1);
      break;
    }
    out[i] = '0';
    if (i === 0) break;
    i--;
  }
  if (out[i] !== '0') return;
  if (out[i + 1] === '.' && !fixed) {
    out[i] = '.';
    out[i + 1] = '0';
    moved();
  } else if (out.length + 1 < BUF_SIZE) out.push('');
  // Shift right by one from i, and put the 1 in front.
  for (let j = out.length - 1; j > i; j--) out[j] = out[j - 1];
  out[i] = '1';
}
