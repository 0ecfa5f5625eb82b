/** Spacing of the graph and the rectangle arithmetic both placements share. */

/** Horizontal gap between columns of boxes: the arrows run there. */
export const RANK_SEP = 64;
/** Vertical gap between boxes. */
export const NODE_SEP = 16;
/** Horizontal gap kept between boxes side by side when placing one (incremental placement). */
export const BOX_GAP_X = 24;
/** From the variables column's right edge to the first column of boxes. */
export const COL_GAP = 72;
/** The least gap left when a later variable widens the column (kept boxes do not move). */
export const MIN_COL_GAP = 32;
/** Between the boxes the variables reach and the garbage (and internal) block below them. */
export const BLOCK_GAP = 48;
/** Added right and below the drawing's bounding box. */
export const MARGIN = 16;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when the rectangles, each grown by gapX / gapY on every side halved, share any area. */
export function overlaps(a: Box, b: Box, gapX = 0, gapY = 0): boolean {
  return (
    a.x < b.x + b.width + gapX &&
    b.x < a.x + a.width + gapX &&
    a.y < b.y + b.height + gapY &&
    b.y < a.y + a.height + gapY
  );
}

/**
 * The smallest y ≥ `fromY` at which a box of this x-range and height keeps `gapY` from every box in
 * `boxes` that it would meet horizontally (within `gapX`). One pass over the obstacles sorted by top:
 * y only grows, and an obstacle skipped earlier lies above every later candidate.
 */
export function freeY(
  boxes: readonly Box[],
  x: number,
  width: number,
  height: number,
  fromY: number,
  gapX: number,
  gapY: number,
): number {
  const column = boxes.filter((b) => b.x < x + width + gapX && x < b.x + b.width + gapX).sort((a, b) => a.y - b.y);
  let y = fromY;
  for (const b of column) {
    if (b.y < y + height + gapY && y < b.y + b.height + gapY) y = b.y + b.height + gapY;
  }
  return y;
}

export function bottom(boxes: Iterable<Box>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const b of boxes) max = Math.max(max, b.y + b.height);
  return max;
}
