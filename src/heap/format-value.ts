import { formatFloat32Rp2 } from './format-float32-rp2';
import { formatFloat32Legacy } from './format-float32-legacy';

/**
 * Which generation of MicroPython's float printing a firmware has: 'legacy' before v1.26 (7
 * significant digits, format-float32-legacy.ts), 'current' from v1.26 on (the digits that read back
 * as the same float, format-float32-rp2.ts).
 */
export type FloatFormat = 'current' | 'legacy';

/** The float printing of a MicroPython release ("1.22.2"): it changed in v1.26.0. */
export function floatFormatOf(version: string): FloatFormat {
  const [major, minor] = version.split('.').map(Number);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return 'current';
  return major < 1 || (major === 1 && minor < 26) ? 'legacy' : 'current';
}

/** Short display text for decoded values; long ones end in an ellipsis. */
export const MAX_TEXT = 40;

export function truncate(text: string, max = MAX_TEXT): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/**
 * MicroPython's repr() of a str (py/objstrunicode.c): printable ASCII as is,
 * everything else escaped (\xNN, \uNNNN, \UNNNNNNNN), quotes chosen like CPython.
 */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + q;
}

export function pyBytesRepr(b: Uint8Array, prefix = 'b'): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    if (c === 0x22) hasDouble = true;
  }
  const q = hasSingle && !hasDouble ? '"' : "'";
  let out = prefix + q;
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === q.charCodeAt(0)) out += '\\' + q;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + q;
}

/**
 * repr() of a float as MicroPython prints it. float64 (the wasm build): the
 * shortest of 16 or 17 significant digits that reads back as the same value,
 * fixed notation for decimal exponents −4…15, otherwise d.ddde±XX; integral
 * values keep a ".0" and the sign of −0.0 is shown. float32 means the rp2
 * firmware, whose approximate float32 formatter is emulated step by step in
 * format-float32-rp2.ts (or, for releases before v1.26, format-float32-legacy.ts).
 */
export function pyFloatRepr(x: number, bits: 32 | 64, format: FloatFormat = 'current'): string {
  if (bits === 32) return format === 'legacy' ? formatFloat32Legacy(x) : formatFloat32Rp2(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const ax = Math.abs(x);
  // py/formatfloat.c starts at SAFE_MANTISSA_DIGITS (16 for double) and adds
  // digits until the text reads back as the same value; it never looks for
  // fewer (so 0.1 + 0.2 shows 17 digits).
  let sci = ax.toExponential(16);
  const t = ax.toExponential(15);
  if (Number(t) === ax) sci = t;
  const [mant, expText] = sci.split('e');
  const exp = Number(expText);
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac || '0'}`;
}
