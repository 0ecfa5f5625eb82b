/**
 * Box geometry without a DOM: the graph view draws every text in a 12px monospace font, so a
 * line's width is its length times one character width. The view imports these constants and the
 * header texts below, so that what it draws is exactly what the layout measured.
 *
 * A box, top to bottom: header (title line `list · 0x20004040`, detail line `32 B · 2 blocks`),
 * then the value line (str, float, …), then one row per slot, then "… N more" when collapsed.
 * A compact box (function, class, module, …) is the header alone, its detail line showing the value.
 */
import type { ObjectNode } from './graph-layout-types';

export const FONT_SIZE = 12;
export const FONT_FAMILY = 'monospace';
/** Advance of one character of a 12px monospace font (0.6 em in the common monospace faces). */
export const CHAR_W = 7.2;
/** One header text line. */
export const LINE_H = 15;
export const HEADER_PAD_Y = 3;
/** Two header lines and their padding. */
export const HEADER_H = 2 * LINE_H + 2 * HEADER_PAD_Y;
/** The value line and every slot row. */
export const ROW_H = 18;
/** Space under the last row (or under a compact box's header). */
export const BOX_PAD_BOTTOM = 4;
/** Left and right padding inside boxes and variables. */
export const PAD_X = 8;
/** Between a row's label and its value. */
export const LABEL_GAP = 12;
/** Room kept at a row's right end for the dot an arrow starts from. */
export const POINTER_W = 14;
/** At most this share of a row's text room goes to the label when the row is too wide. */
const LABEL_SHARE = 0.6;
export const MIN_BOX_W = 96;
/** 36 characters of text: a 40-character value (the decoder's longest, see docs) is cut. */
export const MAX_BOX_W = 2 * PAD_X + 36 * CHAR_W;

export const VAR_H = ROW_H + 6;
export const VAR_GAP = 6;
export const MIN_VAR_W = 64;
export const MAX_VAR_W = 200;

export const ELLIPSIS = '…';

export function textWidth(text: string): number {
  return text.length * CHAR_W;
}

/** The text cut to `maxWidth` px, ending in '…' when something was cut. */
export function fitText(text: string, maxWidth: number): string {
  const chars = Math.floor(maxWidth / CHAR_W + 1e-9);
  if (text.length <= chars) return text;
  if (chars <= 0) return '';
  return text.slice(0, chars - 1) + ELLIPSIS;
}

/** Header title: `list · 0x20004040`. */
export function headerTitle(node: Pick<ObjectNode, 'type' | 'address'>): string {
  return fitText(`${node.type} · ${node.address}`, MAX_BOX_W - 2 * PAD_X);
}

/** Header detail: `32 B · 2 blocks`; a compact box shows its value instead (`f() · 32 B`). */
export function headerDetail(node: Pick<ObjectNode, 'role' | 'bytes' | 'blocks' | 'shape' | 'value'>): string {
  const size =
    node.role === 'static'
      ? 'static'
      : node.shape === 'compact'
        ? `${node.bytes} B`
        : `${node.bytes} B · ${node.blocks} block${node.blocks === 1 ? '' : 's'}`;
  const text = node.shape === 'compact' && node.value ? `${node.value} · ${size}` : size;
  return fitText(text, MAX_BOX_W - 2 * PAD_X);
}

/** The last row of a collapsed box (measured, so the box is wide enough for it). */
export function moreRowText(hiddenRows: number): string {
  return `${ELLIPSIS} ${hiddenRows} more (click to expand)`;
}

/** Width a slot row needs: label, gap, then its text or the arrow's dot. */
export function rowWidth(label: string, text: string | undefined): number {
  return 2 * PAD_X + textWidth(label) + LABEL_GAP + (text === undefined ? POINTER_W : textWidth(text));
}

/**
 * Label and text of a row (or a variable) cut so the row fits `maxWidth`: the text gives way first,
 * the label only when it alone takes more than its share.
 */
export function fitRow(label: string, text: string | undefined, maxWidth: number): { label: string; text?: string } {
  if (rowWidth(label, text) <= maxWidth) return text === undefined ? { label } : { label, text };
  const room = maxWidth - 2 * PAD_X - LABEL_GAP;
  const labelRoom = text === undefined ? room - POINTER_W : Math.max(room * LABEL_SHARE, room - textWidth(text));
  const fittedLabel = fitText(label, labelRoom);
  if (text === undefined) return { label: fittedLabel };
  return { label: fittedLabel, text: fitText(text, room - textWidth(fittedLabel)) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
