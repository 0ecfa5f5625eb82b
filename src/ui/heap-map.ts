import { NO_DIFF, type StepDiff } from '../graph/step-diff';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { HeapSnapshot } from '../model/heap-snapshot';
import {
  BLOCK_BYTES,
  buildMemoryMap,
  formatNumber,
  hex,
  statsSentence,
  type MapOwner,
  type MemoryErrorFacts,
  type MemoryMap,
} from '../graph/memory-map-model';
import {
  FADES_LABEL,
  FREE_STYLE,
  legendFor,
  styleFor,
  tokenResolver,
  type ObjectStyle,
  type StyleKey,
} from './object-style';
import { blockAt, cellOrigin, layoutMap, paintMap, type BlockRange, type MapGeometry } from './heap-map-canvas';

/** Before the first ResizeObserver report: a plausible pane width, so the first frame is not empty. */
const DEFAULT_WIDTH = 360;
const RULER_CHAR_PX = 6.1; // 10 px monospace
const ROLE_ROWS = [
  ['live', 'Reachable from globals'],
  ['garbage', 'Garbage'],
  ['compiler', 'Compiler leftovers'],
  ['firmware', 'Firmware'],
] as const;

interface Hover {
  x: number;
  y: number;
  lines: string[];
}

/**
 * The memory map (spec: heap-map.md): one canvas cell per 16-byte GC block, coloured like the
 * graph (object-style.ts), with a legend, an address ruler, the heap's statistics and the one
 * sentence on why a MemoryError can come while memory is free. Selection is the host's: a click
 * or Enter fires `object-select` {address}; the host sets `selected`.
 */
export class HeapMap extends LitElement {
  static override properties = {
    snapshot: { attribute: false },
    selected: {},
    diff: { attribute: false },
    diffBase: { attribute: false },
    showInternal: { type: Boolean, attribute: 'show-internal' },
    availableWidth: { state: true },
    hover: { state: true },
    cursor: { state: true },
    focused: { state: true },
    announcement: { state: true },
  };

  declare snapshot: HeapSnapshot | undefined;
  /** What the last step changed: its new objects' blocks and the blocks it freed are outlined. */
  declare diff: StepDiff;
  /** The previous step's heap: where the freed objects were. */
  declare diffBase: HeapSnapshot | undefined;
  /** Address of the selected object: all its blocks (its parts too) are outlined. */
  declare selected: string | undefined;
  /** Firmware-internal objects and compiler leftovers in their kinds' colours and as keyboard stops. */
  declare showInternal: boolean;
  declare private availableWidth: number;
  declare private hover: Hover | undefined;
  /** Index in map.allocations of the keyboard cursor, -1 before the map has had the focus. */
  declare private cursor: number;
  declare private focused: boolean;
  declare private announcement: string;

  /** How long the last canvas draw took, in ms (for tests and benchmarks). */
  lastDrawMs = 0;

  // Derived in willUpdate, never in render(): a snapshot has ~15,000 blocks.
  private map: MemoryMap | undefined;
  private facts: MemoryErrorFacts | undefined;
  private geo: MapGeometry | undefined;
  private rulerWidth = 0;
  private ownerStyles: ObjectStyle[] = [];
  private ownerByAddress = new Map<string, number>();
  private allocationByAddress = new Map<string, number>();
  /** Allocations the arrow keys stop at, in memory order, with their linear block positions. */
  private stops: number[] = [];
  private stopStart: number[] = [];
  private areaOffset: number[] = [];
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.showInternal = false;
    this.availableWidth = 0;
    this.cursor = -1;
    this.focused = false;
    this.announcement = '';
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: 0;
      box-sizing: border-box;
      padding: 12px 14px;
      /* In a pane row shorter than its content, the element scrolls as a whole. */
      overflow: auto;
      color: var(--phl-text);
      font: 13px / 1.4 var(--phl-font);
    }
    .body {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 12px 24px;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 12px;
      color: var(--phl-text-muted);
    }
    .legend .scale {
      color: var(--phl-text);
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      margin-right: 4px;
      border-radius: 2px;
      vertical-align: -1px;
      background: var(--c);
      box-shadow: inset 0 0 0 1px rgb(0 0 0 / 0.1);
    }
    .swatch.faded {
      background: repeating-linear-gradient(
        135deg,
        var(--c) 0 1.5px,
        color-mix(in srgb, var(--c) 30%, var(--phl-surface)) 1.5px 4px
      );
    }
    .scroller {
      position: relative;
      /* Sized by the element, never by the map it holds: the map is drawn to fit the scroller. */
      flex: 1 1 20em;
      min-width: 0;
      max-width: 44em;
      max-height: var(--phl-map-max-height, 420px);
      overflow: auto;
      overscroll-behavior: contain;
    }
    .map {
      position: relative;
    }
    .ruler {
      position: absolute;
      top: 0;
      left: 0;
      font: 10px/1 var(--phl-mono);
      color: var(--phl-text-muted);
    }
    .ruler span {
      position: absolute;
      right: 6px;
      transform: translateY(-50%);
      white-space: nowrap;
    }
    .plot {
      position: absolute;
      top: 0;
    }
    canvas {
      display: block;
      border-radius: 2px;
    }
    canvas:focus {
      outline: none;
    }
    canvas:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: 3px;
    }
    .area-label {
      position: absolute;
      left: 0;
      height: 18px;
      line-height: 16px;
      font-size: 11px;
      color: var(--phl-text-muted);
      white-space: nowrap;
      pointer-events: none;
    }
    .hit {
      position: absolute;
      margin: 0;
      padding: 0;
      border: 0;
      background: transparent;
      opacity: 0;
      cursor: pointer;
    }
    .tooltip {
      position: fixed;
      z-index: 10;
      max-width: 300px;
      padding: 6px 8px;
      border-radius: var(--phl-radius);
      background: var(--phl-text);
      color: var(--phl-surface);
      font-size: 12px;
      line-height: 1.4;
      pointer-events: none;
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    }
    .tooltip div:first-child {
      font-weight: 600;
    }
    .placeholder {
      margin: 0;
      color: var(--phl-text-muted);
    }
    /* The numbers first, above the map: a Pico's map is taller than the pane. */
    .stats {
      flex: 1 1 100%;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 28px;
      font-size: 12.5px;
    }
    .stats dl {
      display: grid;
      grid-template-columns: max-content max-content;
      gap: 0 12px;
      margin: 0;
    }
    dt {
      color: var(--phl-text-muted);
    }
    dd {
      margin: 0;
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .sentence {
      flex: 1 1 100%;
      margin: 2px 0 0;
      max-width: 70ch;
    }
    .warnings {
      font-size: 12px;
      color: var(--phl-text-muted);
    }
    .sr {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    const scroller = this.renderRoot?.querySelector?.('.scroller');
    if (scroller) this.observe(scroller);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
  }

  protected override firstUpdated(): void {
    this.observe(this.renderRoot.querySelector('.scroller')!);
  }

  private observe(scroller: Element): void {
    this.resizeObserver?.disconnect();
    // The scroller's content box: its width without a vertical scrollbar.
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      if (width > 0 && width !== this.availableWidth) this.availableWidth = width;
    });
    this.resizeObserver.observe(scroller);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('snapshot')) this.deriveMap();
    if (changed.has('snapshot') || changed.has('showInternal')) this.deriveStyles();
    if (changed.has('snapshot') || changed.has('availableWidth')) this.deriveGeometry();
  }

  private deriveMap(): void {
    const snapshot = this.snapshot;
    this.map = snapshot ? buildMemoryMap(snapshot) : undefined;
    this.facts = snapshot && this.map ? statsSentence(snapshot, this.map) : undefined;
    this.ownerByAddress = new Map(this.map?.owners.map((o, i) => [o.address, i]));
    this.allocationByAddress = new Map(this.map?.allocations.map((a, i) => [a.address, i]));
    let offset = 0;
    this.areaOffset = (this.map?.areas ?? []).map((a) => ((offset += a.blocks), offset - a.blocks));
    this.cursor = -1;
    this.hover = undefined;
  }

  private deriveStyles(): void {
    const map = this.map;
    this.ownerStyles = map ? map.owners.map((o) => styleFor(o, { showInternal: this.showInternal })) : [];
    // With internal objects hidden, the arrow keys skip them: the learner's objects are a few among dozens.
    const stops: number[] = [];
    map?.allocations.forEach((a, i) => {
      if (this.showInternal || a.role === 'live' || a.role === 'garbage') stops.push(i);
    });
    this.stops = stops;
    this.stopStart = stops.map((i) => this.linear(i));
  }

  private deriveGeometry(): void {
    const map = this.map;
    if (!map) return void (this.geo = undefined);
    const lastRow = Math.max(...map.areas.map((a) => a.poolStart + a.blocks * BLOCK_BYTES), 0);
    this.rulerWidth = Math.ceil(hex(lastRow).length * RULER_CHAR_PX) + 10;
    const width = (this.availableWidth || DEFAULT_WIDTH) - this.rulerWidth;
    this.geo = layoutMap(map, width, window.devicePixelRatio || 1);
  }

  /** A position counted in blocks across all areas (areas in order), for the arrow keys. */
  private linear(allocation: number): number {
    const a = this.map!.allocations[allocation];
    return this.areaOffset[a.area] + a.startBlock;
  }

  private get selectedOwner(): number {
    const address = this.selected;
    if (!address || !this.map) return -1;
    const owner = this.ownerByAddress.get(address);
    if (owner !== undefined) return owner;
    // A part's own address selects the object it is drawn as.
    const allocation = this.allocationByAddress.get(address);
    return allocation === undefined ? -1 : this.map.allocations[allocation].ownerIndex;
  }

  override render() {
    const snapshot = this.snapshot;
    const map = this.map;
    let body;
    if (!snapshot || !map)
      body = html`<p class="placeholder">Run a program to see its heap: one cell per 16-byte block.</p>`;
    else if (!map.areas.length)
      body = html`<p class="placeholder">
        The heap could not be read: ${snapshot.warnings[0] ?? 'no GC area found'}.
      </p>`;
    else body = this.renderMap(map, this.geo!);
    return html`
      ${map?.areas.length ? this.renderLegend() : nothing}
      <div class="body">
        ${snapshot && map?.areas.length ? this.renderStats(snapshot) : nothing}
        <div class="scroller">${body}</div>
      </div>
      <div class="sr" aria-live="polite">${this.announcement}</div>
      ${
        this.hover
          ? html`<div class="tooltip" role="tooltip" style="left:${this.hover.x}px;top:${this.hover.y}px">
              ${this.hover.lines.map((l) => html`<div>${l}</div>`)}
            </div>`
          : nothing
      }
    `;
  }

  private renderLegend() {
    return guard([this.map, this.showInternal], () => {
      const looks = new Map<StyleKey, { solid: boolean; faded: boolean }>();
      for (const s of this.ownerStyles) {
        const look = looks.get(s.key) ?? { solid: false, faded: false };
        if (s.fades) look.faded = true;
        else look.solid = true;
        looks.set(s.key, look);
      }
      // Garbage keeps its kind's colour, hatched: one legend entry explains the hatching for all kinds.
      const garbage = this.ownerStyles.some((s) => s.fades && s.key !== 'compiler');
      return html`<ul class="legend" aria-label="Legend">
        <li class="scale">1 cell = 16 bytes</li>
        ${legendFor(this.ownerStyles).map((e) => {
          const look = looks.get(e.key);
          const faded = !!look && look.faded && !look.solid;
          return html`<li>
            <span class="swatch ${faded ? 'faded' : ''}" style="--c: var(${e.token})"></span>${e.label}
          </li>`;
        })}
        ${
          garbage
            ? html`<li><span class="swatch faded" style="--c: var(--phl-kind-other)"></span>${FADES_LABEL}</li>`
            : nothing
        }
      </ul>`;
    });
  }

  private renderMap(map: MemoryMap, geo: MapGeometry) {
    const areas = this.snapshot!.heap.areas;
    const split = map.areas.length > 1;
    return html`<div class="map" style="height:${geo.height}px;width:${this.rulerWidth + geo.width}px">
      ${guard([map, geo], () => this.renderRuler(map, geo))}
      ${geo.areas.map((g, i) => {
        // Across the ruler too: a Pico's eight-digit addresses do not fit above the cells alone.
        const a = areas[i];
        const where = `${a.poolStart} – ${a.poolEnd} · ${formatNumber(map.areas[i].blocks)} blocks`;
        return html`<div class="area-label" style="top:${g.labelTop}px">
          ${split ? `Area ${i + 1} of ${map.areas.length} · ${where}` : `Heap ${where}`}
        </div>`;
      })}
      <div
        class="plot"
        style="left:${this.rulerWidth}px;width:${geo.width}px;height:${geo.height}px"
        @pointermove=${this.onPointerMove}
        @pointerleave=${this.onPointerLeave}
      >
        <canvas
          style="width:${geo.width}px;height:${geo.height}px"
          tabindex="0"
          role="application"
          aria-roledescription="memory map"
          aria-label="Memory map: ${map.owners.length} objects in ${formatNumber(map.usedBlocks)} of ${formatNumber(
            map.usedBlocks + map.freeBlocks,
          )} blocks. Arrow keys move between allocations, Enter selects, Escape clears the selection."
          @click=${this.onCanvasClick}
          @keydown=${this.onKeyDown}
          @focus=${this.onFocus}
          @blur=${() => (this.focused = false)}
        ></canvas>
        ${guard([map, geo], () => this.renderHits(map, geo))}
      </div>
    </div>`;
  }

  private renderRuler(map: MemoryMap, geo: MapGeometry) {
    const labels = [];
    for (const [i, g] of geo.areas.entries()) {
      for (let row = 0; row < g.rows; row += geo.rulerEvery) {
        const address = map.areas[i].poolStart + row * geo.cols * BLOCK_BYTES;
        labels.push(html`<span style="top:${g.top + row * geo.cell + geo.cell / 2}px">${hex(address)}</span>`);
      }
    }
    return html`<div class="ruler" aria-hidden="true" style="width:${this.rulerWidth}px">${labels}</div>`;
  }

  /**
   * One transparent button per object over its own head cell: what tests (and a pointer) can find
   * and click. Out of the tab order: the canvas is the keyboard's way in.
   */
  private renderHits(map: MemoryMap, geo: MapGeometry) {
    return map.owners.map((o) => {
      const own = this.allocationByAddress.get(o.address) ?? o.allocations[0];
      const a = map.allocations[own];
      const { x, y } = cellOrigin(geo, a.area, a.startBlock);
      return html`<button
        class="hit"
        tabindex="-1"
        data-address=${o.address}
        data-type=${o.type}
        data-blocks=${o.blocks}
        aria-label="${o.type} at ${o.address}"
        style="left:${x}px;top:${y}px;width:${geo.cell}px;height:${geo.cell}px"
        @click=${this.onHitClick}
      ></button>`;
    });
  }

  private renderStats(snapshot: HeapSnapshot) {
    const h = snapshot.heap;
    const bytes = (n: number) => `${formatNumber(n)} bytes`;
    return html`<section class="stats" aria-label="Heap statistics">
      <dl>
        <dt>Total</dt>
        <dd>${bytes(h.totalBytes)}</dd>
        <dt>Used</dt>
        <dd>${bytes(h.usedBytes)}</dd>
        <dt>Free</dt>
        <dd>${bytes(h.freeBytes)}</dd>
        <dt>Largest free run</dt>
        <dd>${bytes(h.largestFreeBytes)}</dd>
        <dt>Free runs</dt>
        <dd>${formatNumber(h.freeRuns)}</dd>
        <dt title="1 − largest free run ÷ free bytes">Fragmentation</dt>
        <dd>${(h.fragmentation * 100).toFixed(1)} %</dd>
      </dl>
      <dl aria-label="Used bytes by role">
        ${ROLE_ROWS.map(
          ([role, label]) =>
            html`<dt>${label}</dt>
              <dd>${bytes(h.bytesByRole?.[role] ?? 0)}</dd>`,
        )}
      </dl>
      ${this.facts ? html`<p class="sentence">${this.facts.text}</p>` : nothing}
      ${
        this.map?.warnings.length
          ? html`<details class="warnings">
              <summary>${this.map.warnings.length} thing(s) in this snapshot do not add up</summary>
              <ul>
                ${this.map.warnings.map((w) => html`<li>${w}</li>`)}
              </ul>
            </details>`
          : nothing
      }
    </section>`;
  }

  protected override updated(changed: PropertyValues): void {
    const keys = ['snapshot', 'selected', 'showInternal', 'availableWidth', 'cursor', 'focused', 'diff'] as const;
    if (keys.some((k) => changed.has(k))) this.draw();
    if (changed.has('selected') || changed.has('snapshot')) this.markSelected();
    if (changed.has('cursor') && this.focused && this.cursor >= 0) this.scrollToAllocation(this.cursor);
  }

  /**
   * Moves `data-selected` to the selected object's button. Set here rather than bound in the
   * template: re-rendering thousands of buttons for one changed attribute took ~40 ms per click.
   */
  private markSelected(): void {
    const buttons = this.renderRoot.querySelectorAll('.hit');
    for (const b of this.renderRoot.querySelectorAll('.hit[data-selected]')) b.removeAttribute('data-selected');
    const owner = this.selectedOwner;
    if (owner >= 0) buttons[owner]?.setAttribute('data-selected', '');
  }

  /** Draws the canvas now (after every relevant update; public so a test can time it). */
  draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const map = this.map;
    const geo = this.geo;
    if (!canvas || !map || !geo) return;
    const start = performance.now();
    const colour = tokenResolver(this);
    paintMap(
      canvas,
      {
        map,
        geo,
        ownerStyles: this.ownerStyles,
        free: FREE_STYLE,
        colour,
        surface: colour('--phl-surface'),
        selectedColour: colour('--phl-selected'),
        focusColour: colour('--phl-focus'),
        selectedOwner: this.selectedOwner,
        cursor: this.focused ? this.cursor : -1,
        ...this.stepMarks(map),
        stepColour: colour('--phl-step-new'),
        freedColour: colour('--phl-step-freed'),
      },
      window.devicePixelRatio || 1,
    );
    this.lastDrawMs = performance.now() - start;
  }

  /** The blocks of the objects the last step made, and of those it freed (from the step before). */
  private stepMarks(map: MemoryMap): { stepAdded: BlockRange[]; stepFreed: BlockRange[] } {
    const diff = this.diff ?? NO_DIFF;
    // Drawn again on every cursor move and resize: worked out once per map and step.
    const memo = this.stepMarksMemo;
    if (memo && memo.map === map && memo.diff === diff) return memo.marks;
    const marks = this.findStepMarks(map, diff);
    this.stepMarksMemo = { map, diff, marks };
    return marks;
  }
  private stepMarksMemo:
    { map: MemoryMap; diff: StepDiff; marks: { stepAdded: BlockRange[]; stepFreed: BlockRange[] } } | undefined;

  private findStepMarks(map: MemoryMap, diff: StepDiff): { stepAdded: BlockRange[]; stepFreed: BlockRange[] } {
    if (diff.added.size === 0 && diff.freed.length === 0) return { stepAdded: [], stepFreed: [] };
    const ranges = (m: MemoryMap, keep: (owner: string) => boolean): BlockRange[] =>
      m.allocations
        .filter((a) => keep(a.owner))
        .flatMap((a) => {
          // Areas are matched by their start: a split heap may have gained one since.
          const area = map.areas.findIndex((x) => x.poolStartHex === m.areas[a.area].poolStartHex);
          return area < 0 ? [] : [{ area, startBlock: a.startBlock, blocks: a.blocks }];
        });
    const freed = new Set(diff.freed.map((o) => o.address));
    const base = freed.size > 0 && this.diffBase ? buildMemoryMap(this.diffBase) : undefined;
    return {
      stepAdded: ranges(map, (owner) => diff.added.has(owner)),
      stepFreed: base ? ranges(base, (owner) => freed.has(owner)) : [],
    };
  }

  private scrollToAllocation(allocation: number): void {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    const a = this.map?.allocations[allocation];
    if (!scroller || !a || !this.geo) return;
    const { y } = cellOrigin(this.geo, a.area, a.startBlock);
    if (y < scroller.scrollTop || y + this.geo.cell > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = Math.max(0, y - scroller.clientHeight / 2);
  }

  // ---- what a block is ---------------------------------------------------------------------

  /** The lines that name an allocation (tooltip) or, joined, announce it (keyboard). */
  private describeAllocation(allocation: number): string[] {
    const map = this.map!;
    const a = map.allocations[allocation];
    const o = map.owners[a.ownerIndex];
    const size = (blocks: number) =>
      `${formatNumber(blocks * BLOCK_BYTES)} bytes (${formatNumber(blocks)} block${blocks === 1 ? '' : 's'})`;
    const name = o.value === '__main__ globals' ? "__main__'s variables (globals dict)" : o.type;
    const lines = [`${name} at ${o.address}`, size(o.blocks)];
    if (a.address !== o.address) lines.push(`this part: its buffer at ${a.address}, ${size(a.blocks)}`);
    lines.push(roleText(o));
    return lines;
  }

  private describeFree(area: number, block: number): string[] {
    const blocks = this.map!.areas[area].blockAllocation;
    let start = block;
    let end = block;
    while (start > 0 && blocks[start - 1] === -1) start--;
    while (end < blocks.length && blocks[end] === -1) end++;
    const n = end - start;
    const at = this.map!.areas[area].poolStart + start * BLOCK_BYTES;
    return [
      'free',
      `${formatNumber(n * BLOCK_BYTES)} bytes in this run ` +
        `(${formatNumber(n)} block${n === 1 ? '' : 's'}) from ${hex(at)}`,
    ];
  }

  // ---- pointer -----------------------------------------------------------------------------

  private hitAt(event: MouseEvent): { area: number; block: number; allocation: number } | undefined {
    const plot = event.currentTarget instanceof HTMLElement ? event.currentTarget : undefined;
    const box = (plot?.closest('.plot') ?? plot)?.getBoundingClientRect();
    if (!box || !this.map || !this.geo) return undefined;
    const hit = blockAt(this.map, this.geo, event.clientX - box.left, event.clientY - box.top);
    return hit && { ...hit, allocation: this.map.areas[hit.area].blockAllocation[hit.block] };
  }

  private onPointerMove(event: PointerEvent): void {
    const hit = this.hitAt(event);
    if (!hit) return this.onPointerLeave();
    const lines =
      hit.allocation === -1 ? this.describeFree(hit.area, hit.block) : this.describeAllocation(hit.allocation);
    // Beside the pointer, flipped to its left / above it near the window's right / bottom edge
    // (300 px: the tooltip's max-width; ~90 px: its four lines).
    const x = event.clientX + 300 + 16 > window.innerWidth ? event.clientX - 12 - 300 : event.clientX + 14;
    const y = event.clientY + 16 + 90 > window.innerHeight ? event.clientY - 12 - 90 : event.clientY + 16;
    this.hover = { x: Math.max(4, x), y, lines };
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas) canvas.style.cursor = hit.allocation === -1 ? 'default' : 'pointer';
  }

  private onPointerLeave(): void {
    if (this.hover) this.hover = undefined;
  }

  private onCanvasClick(event: MouseEvent): void {
    const hit = this.hitAt(event);
    if (!hit) return;
    if (hit.allocation !== -1) this.cursor = hit.allocation;
    this.fireSelect(hit.allocation === -1 ? undefined : this.map!.allocations[hit.allocation].owner);
  }

  private onHitClick(event: MouseEvent): void {
    const address = (event.currentTarget as HTMLElement).dataset.address;
    const allocation = address === undefined ? undefined : this.allocationByAddress.get(address);
    if (allocation !== undefined) this.cursor = allocation;
    this.fireSelect(address);
  }

  private fireSelect(address: string | undefined): void {
    this.dispatchEvent(new CustomEvent('object-select', { detail: { address }, bubbles: true, composed: true }));
  }

  // ---- keyboard ----------------------------------------------------------------------------

  private onFocus(): void {
    this.focused = true;
    if (this.cursor < 0 && this.stops.length) {
      const selected = this.selectedOwner;
      this.cursor = selected >= 0 ? this.map!.owners[selected].allocations[0] : this.stops[0];
    }
    if (this.cursor >= 0) this.announce(this.cursor);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const map = this.map;
    const geo = this.geo;
    if (!map || !geo) return;
    if (event.key === 'Enter' || event.key === ' ') {
      if (this.cursor < 0) return;
      event.preventDefault();
      const owner = map.allocations[this.cursor].owner;
      this.fireSelect(owner);
      this.announcement = `Selected ${this.describeAllocation(this.cursor)[0]}`;
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      this.fireSelect(undefined);
      this.announcement = 'Selection cleared';
      return;
    }
    const next = this.nextStop(event.key, geo.cols);
    if (next === undefined) return;
    event.preventDefault();
    if (next >= 0 && next !== this.cursor) {
      this.cursor = next;
      this.announce(next);
    }
  }

  /** The allocation a navigation key moves to (-1: nowhere), or undefined for other keys. */
  private nextStop(key: string, cols: number): number | undefined {
    const stops = this.stops;
    if (!stops.length)
      return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key) ? -1 : undefined;
    const at = this.cursor >= 0 ? this.linear(this.cursor) : -1;
    const starts = this.stopStart;
    // The first stop at or after a linear position (stops.length when none).
    const firstFrom = (p: number) => {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < p) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const index = (s: number) => stops[Math.max(0, Math.min(stops.length - 1, s))];
    switch (key) {
      case 'Home':
        return stops[0];
      case 'End':
        return stops[stops.length - 1];
      case 'ArrowRight':
        return at < 0 ? stops[0] : index(firstFrom(at + 1));
      case 'ArrowLeft':
        return at < 0 ? stops[0] : index(firstFrom(at) - 1);
      case 'ArrowDown': {
        if (at < 0) return stops[0];
        // The allocation under the cell one row down, else the first one after that cell.
        const target = at + cols;
        const s = firstFrom(target + 1) - 1;
        const a = s >= 0 ? this.map!.allocations[stops[s]] : undefined;
        return a && starts[s] > at && starts[s] + a.blocks > target ? stops[s] : index(firstFrom(target));
      }
      case 'ArrowUp': {
        if (at < 0) return stops[0];
        // The allocation under the cell one row up, else the last one before that cell.
        const s = firstFrom(at - cols + 1) - 1;
        return s >= 0 ? stops[s] : index(firstFrom(at) - 1);
      }
      default:
        return undefined;
    }
  }

  private announce(allocation: number): void {
    this.announcement = this.describeAllocation(allocation).join(', ');
  }
}

function roleText(o: MapOwner): string {
  switch (o.role) {
    case 'live':
      if (o.value === '__main__ globals') return "your program's names and what they refer to";
      return o.variables.length
        ? `held by ${o.variables.join(', ')}`
        : "your program's, reached through another object";
    case 'garbage':
      return 'garbage: freed at the next gc.collect()';
    case 'compiler':
      return 'compiler leftover: freed at the next gc.collect()';
    case 'firmware':
      return o.orphan === 'unclaimed' ? 'firmware-internal (no object in the snapshot claims it)' : 'firmware-internal';
    default:
      return o.role;
  }
}

customElements.define('phl-heap-map', HeapMap);

declare global {
  interface HTMLElementTagNameMap {
    'phl-heap-map': HeapMap;
  }
}
