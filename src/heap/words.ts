/**
 * MicroPython object words (object representation A, 32-bit): what a word in
 * a slot means. Small ints and interned strings live inside the word itself;
 * only words with the low two bits clear are pointers.
 */
export type Word =
  | { kind: 'null' }
  | { kind: 'smallint'; value: number }
  | { kind: 'qstr'; id: number }
  | { kind: 'const'; name: 'None' | 'False' | 'True' | 'Ellipsis' | 'immediate' }
  | { kind: 'ptr'; address: number };

/** MP_OBJ_NULL and the sentinels used for empty / deleted slots in maps and sets. */
export const isEmptySlot = (w: number): boolean => w === 0 || w === 4 || w === 8;

export function classifyWord(w: number): Word {
  if ((w & 1) === 1) return { kind: 'smallint', value: w >> 1 }; // arithmetic shift keeps the sign
  if ((w & 7) === 2) return { kind: 'qstr', id: w >>> 3 };
  if ((w & 7) === 6) {
    if (w === 0x06) return { kind: 'const', name: 'None' };
    if (w === 0x0e) return { kind: 'const', name: 'False' };
    if (w === 0x1e) return { kind: 'const', name: 'True' };
    return { kind: 'const', name: 'immediate' };
  }
  if (w === 0) return { kind: 'null' };
  return { kind: 'ptr', address: w >>> 0 };
}

export const hex = (n: number): string => '0x' + (n >>> 0).toString(16);
