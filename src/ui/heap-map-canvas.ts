/**
 * The memory map's geometry and painting, apart from the element (src/ui/heap-map.ts) so each stays
 * readable: where every block's cell is, which block is under a point, and one canvas draw.
 * All coordinates are CSS px inside the canvas; the draw scales by devicePixelRatio.
 */
import type { MemoryMap } from '../graph/memory-map-model';
import type { ObjectStyle } from './object-style';

/** 64 blocks of 16 bytes: every row is 1 KiB, so the ruler's addresses count in whole KiB. */
const COLUMNS = 64;
const MIN_CELL = 3;
const MAX_CELL = 7;
/** Above the area's cells: its label. Between areas: a gap, so a split heap never reads as one run. */
export const AREA_LABEL_HEIGHT = 22;
const AREA_GAP = 12;
/** Chromium refuses canvases much taller than this (device px); huge heaps get wider rows instead. */
const MAX_CANVAS_PX = 16_000;

export interface MapGeometry {
  cols: number;
  cell: number;
  width: number;
  height: number;
  /** Per area: y of its label and of its first row, and its row count. */
  areas: { labelTop: number; top: number; rows: number }[];
  /** The ruler labels every this many rows. */
  rulerEvery: number;
}

export function layoutMap(map: MemoryMap, plotWidth: number, dpr: number): MapGeometry {
  let cols = COLUMNS;
  let cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.floor(plotWidth / cols)));
  if (plotWidth / cols < MIN_CELL) {
    cols = COLUMNS / 2;
    cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.floor(plotWidth / cols)));
  }
  const totalRows = (c: number) => map.areas.reduce((n, a) => n + Math.ceil(a.blocks / c), 0);
  while (totalRows(cols) * cell * dpr > MAX_CANVAS_PX && cols < 4096) {
    cols *= 2;
    cell = Math.max(1, Math.floor(cell / 2));
  }
  let y = 0;
  const areas = map.areas.map((a, i) => {
    const labelTop = y + (i ? AREA_GAP : 0);
    const top = labelTop + AREA_LABEL_HEIGHT;
    const rows = Math.ceil(a.blocks / cols);
    y = top + rows * cell;
    return { labelTop, top, rows };
  });
  // About 24 px between ruler labels, on a power-of-two row count (addresses stay round).
  let rulerEvery = 1;
  while (rulerEvery * cell < 24) rulerEvery *= 2;
  return { cols, cell, width: cols * cell, height: Math.max(y, 1), areas, rulerEvery };
}

/** The block under a point, or undefined outside every area's cells. */
export function blockAt(
  map: MemoryMap,
  geo: MapGeometry,
  x: number,
  y: number,
): { area: number; block: number } | undefined {
  if (x < 0 || x >= geo.width) return undefined;
  for (let i = 0; i < geo.areas.length; i++) {
    const g = geo.areas[i];
    if (y < g.top || y >= g.top + g.rows * geo.cell) continue;
    const block = Math.floor((y - g.top) / geo.cell) * geo.cols + Math.floor(x / geo.cell);
    return block < map.areas[i].blocks ? { area: i, block } : undefined;
  }
  return undefined;
}

/** Top-left corner of a block's cell. */
export function cellOrigin(geo: MapGeometry, area: number, block: number): { x: number; y: number } {
  return {
    x: (block % geo.cols) * geo.cell,
    y: geo.areas[area].top + Math.floor(block / geo.cols) * geo.cell,
  };
}

export interface PaintInput {
  map: MemoryMap;
  geo: MapGeometry;
  /** Per owner (index as in map.owners). */
  ownerStyles: readonly ObjectStyle[];
  free: ObjectStyle;
  colour: (token: string) => string;
  surface: string;
  selectedColour: string;
  focusColour: string;
  /** Index in map.owners of the selected object (-1: none): all its blocks are outlined. */
  selectedOwner: number;
  /** Index in map.allocations of the keyboard cursor (-1: none). */
  cursor: number;
  /** Blocks of the objects the last step made (outlined), and of those it freed (outlined, dashed). */
  stepAdded?: readonly BlockRange[];
  stepFreed?: readonly BlockRange[];
  stepColour?: string;
  freedColour?: string;
}

/** A run of blocks in one area of the map. */
export interface BlockRange {
  area: number;
  startBlock: number;
  blocks: number;
}

/**
 * One full draw. Cells are batched per fill into one path each, so the cost is one rect() per run
 * of an allocation in a row (not per block) and one fill() per colour.
 */
export function paintMap(canvas: HTMLCanvasElement, input: PaintInput, dpr: number): void {
  const { map, geo } = input;
  const w = Math.round(geo.width * dpr);
  const h = Math.round(geo.height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, geo.width, geo.height);

  const { fills, allocFill } = fillsFor(ctx, input, dpr);
  const paths = fills.map(() => new Path2D());
  const { cell, cols } = geo;
  // Gaps keep neighbours apart: one pixel after each allocation and between rows, when cells allow.
  const gap = cell >= 3 ? 1 : 0;
  const rowGap = cell >= 4 ? 1 : 0;
  map.areas.forEach((area, ai) => {
    const owners = area.blockAllocation;
    const top = geo.areas[ai].top;
    for (let rowStart = 0; rowStart < area.blocks; rowStart += cols) {
      const rowEnd = Math.min(rowStart + cols, area.blocks);
      const y = top + (rowStart / cols) * cell;
      let b = rowStart;
      while (b < rowEnd) {
        const a = owners[b];
        let e = b + 1;
        while (e < rowEnd && owners[e] === a) e++;
        const x = (b - rowStart) * cell;
        if (a === -1) {
          // Free memory as one calm field: no gaps, so a run reads as one piece of space.
          paths[0].rect(x, y, (e - b) * cell, cell);
        } else {
          const alloc = map.allocations[a];
          const ends = e === alloc.startBlock + alloc.blocks;
          paths[allocFill[a]].rect(x, y, (e - b) * cell - (ends ? gap : 0), cell - rowGap);
        }
        b = e;
      }
    }
  });
  fills.forEach((fill, i) => {
    ctx.fillStyle = fill;
    ctx.fill(paths[i]);
  });

  const rangesOf = (allocations: readonly number[]) => allocations.map((i) => map.allocations[i]);
  if (input.stepAdded?.length) strokeOutline(ctx, input, input.stepAdded, input.stepColour ?? input.selectedColour, 2);
  if (input.stepFreed?.length) {
    ctx.setLineDash([2, 2]);
    strokeOutline(ctx, input, input.stepFreed, input.freedColour ?? input.selectedColour, 2);
    ctx.setLineDash([]);
  }
  if (input.selectedOwner >= 0) {
    const allocs = rangesOf(map.owners[input.selectedOwner].allocations);
    // A light halo under the dark line keeps the outline visible on dark and light cells alike.
    strokeOutline(ctx, input, allocs, input.surface, 3);
    strokeOutline(ctx, input, allocs, input.selectedColour, 1.5);
  }
  if (input.cursor >= 0) {
    ctx.setLineDash([3, 2]);
    strokeOutline(ctx, input, rangesOf([input.cursor]), input.focusColour, 2);
    ctx.setLineDash([]);
  }
}

/** Fill 0 is free memory; then one fill per style the owners use (faded styles as a hatch pattern). */
function fillsFor(ctx: CanvasRenderingContext2D, input: PaintInput, dpr: number) {
  const fills: (string | CanvasPattern)[] = [input.colour(input.free.token)];
  const byKey = new Map<string, number>();
  const ownerFill = input.ownerStyles.map((s) => {
    const key = s.key + (s.fades ? '~' : '');
    let i = byKey.get(key);
    if (i === undefined) {
      const colour = input.colour(s.token);
      i = fills.push(s.fades ? (hatch(ctx, colour, input.surface, dpr) ?? colour) : colour) - 1;
      byKey.set(key, i);
    }
    return i;
  });
  const allocFill = new Uint16Array(input.map.allocations.length);
  input.map.allocations.forEach((a, i) => (allocFill[i] = ownerFill[a.ownerIndex]));
  return { fills, allocFill };
}

/** "Will be freed": the colour, light, crossed by thin diagonal stripes of the full colour. */
function hatch(ctx: CanvasRenderingContext2D, colour: string, surface: string, dpr: number): CanvasPattern | undefined {
  const size = Math.max(4, Math.round(4 * dpr));
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const t = tile.getContext('2d');
  if (!t) return undefined;
  t.fillStyle = surface;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = 0.3;
  t.fillStyle = colour;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = 1;
  const thick = Math.max(1, Math.round(dpr));
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if ((x + y) % size < thick) t.fillRect(x, y, 1, 1);
  const pattern = ctx.createPattern(tile, 'repeat');
  // Device pixels, whatever the context's scale: the stripes stay crisp.
  pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern ?? undefined;
}

/** Strokes the outer edge of the cells of some allocations (not the edges between their own cells). */
function strokeOutline(
  ctx: CanvasRenderingContext2D,
  input: PaintInput,
  ranges: readonly BlockRange[],
  colour: string,
  width: number,
): void {
  const { map, geo } = input;
  const { cell, cols } = geo;
  const marks = new Map<number, Uint8Array>();
  for (const a of ranges) {
    let mask = marks.get(a.area);
    if (!mask) marks.set(a.area, (mask = new Uint8Array(map.areas[a.area].blocks)));
    mask.fill(1, a.startBlock, a.startBlock + a.blocks);
  }
  const path = new Path2D();
  const edge = (x0: number, y0: number, x1: number, y1: number) => {
    path.moveTo(x0, y0);
    path.lineTo(x1, y1);
  };
  for (const [ai, mask] of marks) {
    const n = mask.length;
    for (let b = 0; b < n; b++) {
      if (!mask[b]) continue;
      const origin = cellOrigin(geo, ai, b);
      const col = b % cols;
      // Centred on the one-pixel gaps around the cells, so the line covers as little colour as it can.
      const x = origin.x - 0.5;
      const y = origin.y - 0.5;
      const x1 = x + cell;
      const y1 = y + cell;
      if (b < cols || !mask[b - cols]) edge(x, y, x1, y);
      if (b + cols >= n || !mask[b + cols]) edge(x, y1, x1, y1);
      if (col === 0 || !mask[b - 1]) edge(x, y, x, y1);
      if (col === cols - 1 || b + 1 >= n || !mask[b + 1]) edge(x1, y, x1, y1);
    }
  }
  ctx.lineWidth = width;
  ctx.lineCap = 'square';
  ctx.strokeStyle = colour;
  ctx.stroke(path);
}
