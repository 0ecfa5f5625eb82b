import { fitText, textWidth } from '../graph/text-metrics';
import type { Callout } from '../lessons/lesson-file';
import { NO_DIFF, type StepDiff } from '../graph/step-diff';
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
// Keyed by id: an object that survives keeps its DOM however the arrays shift (positional reuse
// rewrote every box after an inserted one: ~25 ms of attribute updates for 200 boxes).
import { repeat } from 'lit/directives/repeat.js';
import type { HeapSnapshot } from '../model/heap-snapshot';
import {
  DEFAULT_GRAPH_OPTIONS,
  type GraphLayout,
  type GraphOptions,
  type GraphRow,
  type ObjectNode,
  type VariableNode,
} from '../graph/graph-layout-types';
import { GraphLayoutClient } from '../graph/graph-layout-client';
import { describeReferrers, pathsFromVariables } from '../graph/referrers';
import { kindToken } from './object-style';
import {
  HEADER_H,
  HEADER_PAD_Y,
  LINE_H,
  PAD_X,
  ROW_H,
  headerDetail,
  headerTitle,
  moreRowText,
} from '../graph/text-metrics';

/** Zoom limits and the step of one wheel notch or button press. */
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 3;
const ZOOM_STEP = 1.2;
/** A new layout is fitted to the view down to this zoom only: below it the text is too small to read. */
const AUTO_FIT_MIN_ZOOM = 0.8;
/** Pixels one arrow key pans. */
const PAN_STEP = 40;

const INLINE_NOTE =
  'MicroPython keeps small ints, interned strings, None, True and False inside the reference itself: no heap block.';
/** Callouts: height, padding, the gap to their box and their widest text (px). */
const CALLOUT_H = 22;
const CALLOUT_PAD = 7;
const CALLOUT_GAP = 14;
const CALLOUT_MAX_W = 300;
const DIMMED_NOTE = 'Unreachable: the next gc.collect() frees it.';

/**
 * The annotated reference graph (`<phl-heap-graph>`): variables on the left, one box per object,
 * an arrow per reference. It lays out the snapshot off the main thread (src/graph) whenever the
 * snapshot or the options change and renders exactly that layout as SVG. Selecting a box or a
 * name fires `object-select` {address}; the pane passes the selection back as `selected`.
 * Spec: heap-graph.md beside this file.
 */
export class HeapGraph extends LitElement {
  static override properties = {
    snapshot: { attribute: false },
    options: { attribute: false },
    selected: { attribute: false },
    diff: { attribute: false },
    namedHighlight: { attribute: false },
    callouts: { attribute: false },
    layout: { state: true },
    zoom: { state: true },
    panX: { state: true },
    panY: { state: true },
    textView: { state: true },
  };

  declare snapshot: HeapSnapshot | undefined;
  declare options: GraphOptions;
  declare selected: string | undefined;
  /** What the last step changed (while stepping): new objects and changed slots are marked. */
  declare diff: StepDiff;
  /** A variable name the learner points at in the lesson text: its names, arrows and boxes stand out. */
  declare namedHighlight: string | undefined;
  /** Short notes pinned beside what a name refers to (a lesson's, or an exercise's answer). */
  declare callouts: readonly Callout[];
  declare layout: GraphLayout | undefined;
  declare zoom: number;
  declare panX: number;
  declare panY: number;
  declare textView: boolean;

  /** How long the last layout took (ms), for the pane's status line. */
  lastLayoutMs: number | undefined;
  /** The snapshot the current layout was made from (tests and benchmarks wait for it). */
  layoutSnapshot: HeapSnapshot | undefined;

  private client: GraphLayoutClient | undefined;
  private request = 0;
  private drag: { x: number; y: number; panX: number; panY: number; moved: boolean } | undefined;
  /** The learner panned or zoomed: keep their view instead of fitting each new layout to it. */
  private userMoved = false;

  constructor() {
    super();
    this.options = DEFAULT_GRAPH_OPTIONS;
    this.diff = NO_DIFF;
    this.callouts = [];
    this.zoom = 1;
    this.panX = 0;
    this.panY = 0;
    this.textView = false;
  }

  static override styles = css`
    :host {
      display: grid;
      grid-template-rows: minmax(0, 1fr) auto;
      position: relative;
      min-height: 0;
      font: 12px/1.3 var(--phl-mono);
      color: var(--phl-text);
    }
    .viewport {
      position: relative;
      overflow: hidden;
      min-height: 0;
      background: var(--phl-surface);
      cursor: grab;
      touch-action: none;
    }
    .viewport:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: -2px;
    }
    .viewport.dragging {
      cursor: grabbing;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
    .controls {
      position: absolute;
      top: 6px;
      right: 6px;
      display: flex;
      gap: 4px;
    }
    .controls button,
    .text-toggle {
      font: 12px var(--phl-font);
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      border-radius: var(--phl-radius);
      padding: 2px 8px;
      cursor: pointer;
    }
    .controls button:focus-visible,
    .text-toggle:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: 1px;
    }
    .empty {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      padding: 16px;
      color: var(--phl-text-muted);
      font: var(--phl-font-size) / 1.5 var(--phl-font);
      text-align: center;
    }
    .box rect.frame {
      fill: var(--phl-surface);
      stroke: var(--kind);
      stroke-width: 1.5;
    }
    .box rect.header {
      fill: var(--kind);
      fill-opacity: 0.18;
    }
    .box text {
      fill: var(--phl-text);
      font: 12px var(--phl-mono);
    }
    .box text.title {
      font-weight: 600;
    }
    .box circle.port {
      fill: var(--phl-text-muted);
    }
    .box text.meta {
      fill: var(--phl-text-muted);
      font-size: 10.5px;
    }
    .box text.label {
      fill: var(--phl-text-muted);
    }
    .box line.sep {
      stroke: var(--phl-border);
    }
    .box.dimmed {
      opacity: 0.45;
    }
    .box.dimmed rect.frame {
      stroke-dasharray: 4 3;
    }
    .box.selected rect.frame {
      stroke-width: 3;
      stroke: var(--phl-accent);
    }
    /* Freed since the last snapshot: fades out, and is gone from the next layout. */
    .gone {
      animation: fade-out 0.8s ease-in forwards;
      pointer-events: none;
    }
    @keyframes fade-out {
      to {
        opacity: 0;
      }
    }
    .new rect.frame {
      animation: appear 1.2s ease-out;
    }
    @keyframes appear {
      from {
        stroke-width: 4;
      }
    }
    .var text.name {
      font: 600 12.5px var(--phl-mono);
      fill: var(--phl-text);
    }
    /* What the step just taken changed: new objects, and names and slots that now hold something else. */
    .box.step-added rect.frame {
      stroke: var(--phl-step-new);
      stroke-width: 2.5;
    }
    text.step-badge {
      font: 600 10px var(--phl-font);
      fill: var(--phl-step-new);
    }
    rect.step-row {
      fill: var(--phl-step-new);
      fill-opacity: 0.14;
    }
    .var.step-changed rect {
      stroke: var(--phl-step-new);
      stroke-width: 2.5;
    }
    .edge.step-changed path {
      stroke: var(--phl-step-new);
      stroke-width: 2.2;
    }
    /* A lesson's note pinned beside an object. */
    .callout rect {
      fill: var(--phl-callout-bg);
      stroke: var(--phl-callout-border);
    }
    .callout line {
      stroke: var(--phl-callout-border);
      stroke-dasharray: 3 2;
    }
    .callout text {
      font: 500 11.5px var(--phl-mono);
      fill: var(--phl-text);
    }
    /* A name the learner points at in the lesson text. */
    .var.named rect {
      fill: var(--phl-named-bg);
      stroke: var(--phl-accent);
      stroke-width: 2.5;
    }
    .box.named rect.frame {
      stroke: var(--phl-accent);
      stroke-width: 3;
    }
    .edge.named path {
      stroke: var(--phl-accent);
      stroke-width: 2.5;
    }
    /* A call's frame while stepping: its function's name above its locals. */
    .var text.scope-label {
      font: 600 11.5px var(--phl-mono);
      fill: var(--phl-accent);
    }
    .var rect {
      fill: var(--phl-bg);
      stroke: var(--phl-text-muted);
      rx: 10px;
    }
    .var.selected rect {
      stroke: var(--phl-accent);
      stroke-width: 2.5;
    }
    .var text.inline,
    .box text.inline {
      fill: var(--phl-kind-int);
      font-style: italic;
    }
    .edge path {
      fill: none;
      stroke: var(--phl-text-muted);
      stroke-width: 1.3;
    }
    .edge.into-selected path {
      stroke: var(--phl-accent);
      stroke-width: 2.5;
    }
    .edge.dimmed {
      opacity: 0.45;
    }
    marker path {
      fill: var(--phl-text-muted);
    }
    marker#arrow-selected path {
      fill: var(--phl-accent);
    }
    g.clickable {
      cursor: pointer;
    }
    .box text.more {
      fill: var(--phl-accent);
      text-decoration: underline;
    }
    .referrers {
      padding: 6px 10px;
      border-top: 1px solid var(--phl-border);
      background: var(--phl-bg);
      font: 12.5px/1.45 var(--phl-font);
    }
    .referrers code {
      font: 12px var(--phl-mono);
    }
    .text-view {
      max-height: 40%;
      overflow: auto;
      padding: 6px 10px;
      border-top: 1px solid var(--phl-border);
      font: 12.5px/1.5 var(--phl-font);
    }
    .text-view ul {
      margin: 0;
      padding-left: 18px;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;

  /** The viewport's size, kept by a ResizeObserver: measuring it per layout forced a page layout each time. */
  private viewSize = { width: 0, height: 0 };
  private resizeObserver: ResizeObserver | undefined;

  protected override firstUpdated(): void {
    const view = this.renderRoot.querySelector<HTMLElement>('.viewport');
    if (!view) return;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      this.viewSize = { width, height };
    });
    this.resizeObserver.observe(view);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.client?.dispose();
    this.client = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('snapshot') || changed.has('options')) void this.relayout();
    // New callouts (an exercise's answer) are brought into view, unless the learner moved the graph.
    if (changed.has('callouts') && !this.userMoved) void this.updateComplete.then(() => this.fit(AUTO_FIT_MIN_ZOOM));
  }

  /** Lays out the current snapshot, keeping the places of objects that survived from the last one. */
  private async relayout(): Promise<void> {
    const snapshot = this.snapshot;
    const id = ++this.request;
    if (!snapshot) {
      this.layout = undefined;
      this.userMoved = false;
      return;
    }
    this.client ??= new GraphLayoutClient();
    const t0 = performance.now();
    let layout: GraphLayout;
    try {
      layout = await this.client.layout(snapshot, this.options, this.layout);
    } catch (error) {
      if ((error as Error).name === 'AbortError') return; // the element went away meanwhile
      throw error;
    }
    if (id !== this.request) return; // a newer snapshot is on its way
    this.lastLayoutMs = performance.now() - t0;
    this.layout = layout;
    this.layoutSnapshot = snapshot;
    if (!this.userMoved) {
      await this.updateComplete;
      this.fit(AUTO_FIT_MIN_ZOOM);
    }
    this.dispatchEvent(
      new CustomEvent('layout-done', { detail: { ms: this.lastLayoutMs }, bubbles: true, composed: true }),
    );
  }

  /**
   * Scales and moves the graph so all of it is in view (never above 100 %, never below `minZoom`),
   * from the top left.
   */
  fit(minZoom = MIN_ZOOM): void {
    this.userMoved = false;
    const layout = this.layout;
    const { width, height } = this.viewSize;
    if (!layout || !width || !height) return;
    // Callouts stand to the right of their boxes: they are part of what must be in view.
    const placed = this.placeCallouts(layout);
    const w = Math.max(layout.width, ...placed.map((p) => p.x + p.width + 8));
    const h = Math.max(layout.height, ...placed.map((p) => p.y + CALLOUT_H + 8));
    const zoom = Math.max(minZoom, Math.min(1, (width - 16) / w, (height - 16) / h));
    this.zoom = zoom;
    this.panX = 8;
    this.panY = 8;
  }

  /** The graph as a standalone SVG file (colours resolved, no styles needed). */
  svgText(): string {
    const svgEl = this.renderRoot.querySelector('svg');
    if (!svgEl || !this.layout) return '';
    const copy = svgEl.cloneNode(true) as SVGSVGElement;
    inlineStyles(svgEl, copy);
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('viewBox', `0 0 ${this.layout.width} ${this.layout.height}`);
    copy.setAttribute('width', String(this.layout.width));
    copy.setAttribute('height', String(this.layout.height));
    copy.querySelector('g.world')?.removeAttribute('transform');
    return new XMLSerializer().serializeToString(copy);
  }

  /** Downloads the graph as heap-graph.svg. */
  savePicture(): void {
    const text = this.svgText();
    if (!text) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'heap-graph.svg';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  override render() {
    const layout = this.layout;
    const selected = this.selected;
    const referrers = layout && selected ? describeReferrers(layout, selected) : [];
    const selectedNode = layout?.nodes.find((n) => n.id === selected);
    return html`
      <div
        class="viewport"
        tabindex="0"
        role="group"
        aria-label="Reference graph: arrow keys pan, + and − zoom, 0 fits; Tab reaches the boxes"
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
        @wheel=${this.onWheel}
        @keydown=${this.onKey}
      >
        ${layout ? this.renderSvg(layout) : nothing}
        ${
          layout && layout.nodes.length === 0 && layout.variables.length === 0
            ? html`<div class="empty">No variables yet: run a program, or type at the REPL.</div>`
            : nothing
        }
        ${!this.snapshot ? html`<div class="empty"><slot name="empty"></slot></div>` : nothing}
        <div class="controls">
          <button class="zoom-in" title="Zoom in (+)" aria-label="Zoom in" @click=${() => this.zoomBy(ZOOM_STEP)}>
            +
          </button>
          <button
            class="zoom-out"
            title="Zoom out (−)"
            aria-label="Zoom out"
            @click=${() => this.zoomBy(1 / ZOOM_STEP)}
          >
            −
          </button>
          <button class="fit" title="Fit the graph to the view (0)" @click=${() => this.fit()}>Fit</button>
          <button
            class="text-toggle"
            aria-expanded=${this.textView}
            title="The graph as a list of names, objects and references (for screen readers too)"
            @click=${() => (this.textView = !this.textView)}
          >
            ${this.textView ? 'Hide text' : 'Text'}
          </button>
        </div>
      </div>
      <div>
        ${
          selectedNode || (selected && layout)
            ? html`<div class="referrers" aria-live="polite">
                ${
                  selectedNode
                    ? html`<strong>${selectedNode.type}</strong> at <code>${selectedNode.address}</code> (<code
                          >id()</code
                        >
                        ${parseInt(selectedNode.address, 16)}), ${selectedNode.bytes} bytes in ${selectedNode.blocks}
                        ${selectedNode.blocks === 1 ? 'block' : 'blocks'}:
                        ${
                          referrers.length
                            ? html`referred to by ${joinWords(referrers.map((r) => html`<code>${r}</code>`))}`
                            : selectedNode.dimmed
                              ? 'nothing refers to it any more; the next gc.collect() frees it'
                              : 'not referred to by anything drawn'
                        }.`
                    : html`<code>${selected}</code> is not drawn in the graph (hidden, or not an object of its own).`
                }
              </div>`
            : nothing
        }
        ${this.textView && layout ? this.renderTextView(layout) : nothing}
      </div>
    `;
  }

  private renderSvg(layout: GraphLayout) {
    const selected = this.selected;
    // Every variable of that name (globals, and locals in each frame), and what they refer to.
    const named_ = { vars: new Set<string>(), targets: new Set<string>() };
    if (this.namedHighlight)
      for (const v of layout.variables)
        if (v.name === this.namedHighlight && v.change !== 'gone') {
          named_.vars.add(v.id);
          if (v.target) named_.targets.add(v.target);
        }
    return html`<svg aria-hidden="false" role="group" aria-label="Reference graph">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z"></path>
        </marker>
        <marker
          id="arrow-selected"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z"></path>
        </marker>
      </defs>
      <g class="world" transform="translate(${this.panX} ${this.panY}) scale(${this.zoom})">
        ${repeat(
          layout.edges,
          (e) => e.id,
          (e) => {
            const into = e.to === selected;
            const [a, b, c, d] = e.points;
            const from = e.from.startsWith('var:') ? e.from.slice(e.from.lastIndexOf(':') + 1) : e.from;
            const dim = layout.nodes.find((n) => n.id === e.from)?.dimmed;
            // Not an arrow fading out: it is what the slot held before.
            const stepped =
              e.change !== 'gone' && this.diff.changedSlots.has(`${e.from}|${e.label}`) ? 'step-changed' : '';
            const named = named_.vars.has(e.from) ? 'named' : '';
            return svg`<g class="edge ${e.change} ${into ? 'into-selected' : ''} ${dim ? 'dimmed' : ''} ${stepped} ${named}"
            data-from=${from} data-to=${e.to} data-label=${e.label}>
            <path d="M${a.x},${a.y} C${b.x},${b.y} ${c.x},${c.y} ${d.x},${d.y}"
              marker-end=${into ? 'url(#arrow-selected)' : 'url(#arrow)'}></path>
          </g>`;
          },
        )}
        ${repeat(
          layout.variables,
          (v) => v.id,
          (v) => {
            const isSelected = !!v.target && v.target === selected;
            const stepped = this.diff.changedSlots.has(`${v.id}|${v.name}`) ? 'step-changed' : '';
            const named = named_.vars.has(v.id) ? 'named' : '';
            return svg`<g class="var clickable ${v.change} ${isSelected ? 'selected' : ''} ${stepped} ${named}" data-var=${v.name}
            data-scope=${v.scope} data-target=${v.target ?? nothing} transform="translate(${v.x} ${v.y})"
            tabindex=${v.change === 'gone' ? -1 : 0} role="button"
            aria-label=${variableLabel(v)}
            @click=${(e: Event) => this.select(v.target, e)}
            @keydown=${(e: KeyboardEvent) => this.onItemKey(e, v.target)}>
            ${v.scopeLabel ? svg`<text class="scope-label" x="0" y="-7">${v.scopeLabel}</text>` : nothing}
            <rect width=${v.width} height=${v.height}></rect>
            <text class="name" x=${PAD_X} y=${v.height / 2 + 4}>${v.name}</text>
            ${v.text !== undefined ? inlineText(v.width - PAD_X, v.height / 2 + 4, v.text) : nothing}
          </g>`;
          },
        )}
        ${repeat(
          layout.nodes,
          (n) => n.id,
          (n) => this.renderNode(n, n.id === selected, named_.targets.has(n.address)),
        )}
        ${this.renderCallouts(layout)}
      </g>
    </svg>`;
  }

  /**
   * Each callout beside the box its name refers to (or beside the name, for an inline value), with
   * a short line to it; notes on one box stack downwards. A name the graph does not show has none.
   */
  private renderCallouts(layout: GraphLayout) {
    return this.placeCallouts(layout).map(
      (p) => svg`<g class="callout" data-name=${p.name} data-for=${p.target ?? nothing}>
        <line x1=${p.fromX} y1=${p.fromY} x2=${p.x} y2=${p.y + CALLOUT_H / 2}></line>
        <title>${p.full}</title>
        <rect x=${p.x} y=${p.y} width=${p.width} height=${CALLOUT_H} rx="4"></rect>
        <text x=${p.x + CALLOUT_PAD} y=${p.y + CALLOUT_H / 2 + 4}>${p.text}</text>
      </g>`,
    );
  }

  /**
   * Where each callout goes: beside the box its name refers to (or beside the name, for an inline
   * value), notes on one box stacked downwards. A name the graph does not show gets none.
   */
  private placeCallouts(layout: GraphLayout) {
    const stacked = new Map<string, number>();
    return this.callouts.flatMap((c) => {
      const shown = layout.variables.filter((x) => x.name === c.name && x.change !== 'gone');
      const v = shown.find((x) => x.scope === 'globals') ?? shown[0];
      if (!v) return [];
      const box = v.target ? layout.nodes.find((n) => n.address === v.target && n.change !== 'gone') : undefined;
      const anchor = box ?? v;
      const key = box ? box.address : v.id;
      const index = stacked.get(key) ?? 0;
      stacked.set(key, index + 1);
      const text = fitText(c.text, CALLOUT_MAX_W - 2 * CALLOUT_PAD);
      return [
        {
          name: c.name,
          target: box?.address,
          text,
          full: c.text,
          width: Math.ceil(textWidth(text)) + 2 * CALLOUT_PAD,
          x: anchor.x + anchor.width + CALLOUT_GAP,
          y: anchor.y + index * (CALLOUT_H + 4),
          fromX: anchor.x + anchor.width,
          fromY: anchor.y + 10,
        },
      ];
    });
  }

  private renderNode(n: ObjectNode, isSelected: boolean, named = false) {
    const decimal = parseInt(n.address, 16);
    // Text exactly as the layout measured it (src/graph/text-metrics.ts).
    const line1 = HEADER_PAD_Y + LINE_H - 3;
    const line2 = line1 + LINE_H;
    const added = this.diff.added.has(n.address);
    return svg`<g class="box clickable ${n.change} ${n.dimmed ? 'dimmed' : ''} ${isSelected ? 'selected' : ''} ${added ? 'step-added' : ''} ${named ? 'named' : ''}"
      data-address=${n.address} data-type=${n.type} data-kind=${n.kind} data-role=${n.role}
      style="--kind: var(${kindToken(n.kind)})" transform="translate(${n.x} ${n.y})"
      tabindex=${n.change === 'gone' ? -1 : 0} role="button"
      aria-label=${boxLabel(n, added)}
      @click=${(e: Event) => this.select(n.address, e)}
      @keydown=${(e: KeyboardEvent) => this.onItemKey(e, n.address)}>
      <title>${n.type} at ${n.address} (id() ${decimal})${n.dimmed ? `. ${DIMMED_NOTE}` : ''}</title>
      <rect class="frame" width=${n.width} height=${n.height} rx="4"></rect>
      <rect class="header" width=${n.width} height=${HEADER_H} rx="4"></rect>
      <text class="title" x=${PAD_X} y=${line1}>${headerTitle(n)}</text>
      <text class="meta" x=${PAD_X} y=${line2}>${headerDetail(n)}</text>
      ${added ? svg`<text class="step-badge" x=${n.width} y="-4" text-anchor="end">new</text>` : nothing}
      ${
        n.shape === 'box' && n.value !== undefined
          ? svg`<text class="value" x=${PAD_X} y=${HEADER_H + ROW_H / 2 + 4}>${n.value}</text>`
          : nothing
      }
      ${n.rows.map(
        (r) => svg`${
          !added && this.diff.changedSlots.has(`${n.address}|${r.label}`)
            ? svg`<rect class="step-row" x="1" y=${r.y - ROW_H / 2 + 1} width=${n.width - 2} height=${ROW_H - 2}></rect>`
            : nothing
        }<line class="sep" x1="0" x2=${n.width} y1=${r.y - ROW_H / 2} y2=${r.y - ROW_H / 2}></line>
          <text class="label" x=${PAD_X} y=${r.y + 4}>${r.label}</text>
          ${
            r.text !== undefined
              ? inlineText(n.width - PAD_X, r.y + 4, r.text)
              : svg`<circle class="port" cx=${n.width - PAD_X} cy=${r.y} r="2.5"></circle>`
          }`,
      )}
      ${
        n.hiddenRows > 0
          ? svg`<text class="label more" x=${PAD_X} y=${n.height - 8}
            @click=${(e: Event) => this.expand(n.address, e)}>${moreRowText(n.hiddenRows)}</text>`
          : nothing
      }
    </g>`;
  }

  private renderTextView(layout: GraphLayout) {
    const paths = pathsFromVariables(layout);
    const live = layout.nodes.filter((n) => n.change !== 'gone');
    return html`<div class="text-view" role="region" aria-label="The graph as text">
      <p><strong>Variables</strong></p>
      <ul>
        ${layout.variables
          .filter((v) => v.change !== 'gone')
          .map((v) => html`<li>${v.name} → ${v.target ? `${typeAt(layout, v.target)} at ${v.target}` : v.text}</li>`)}
      </ul>
      <p><strong>Objects</strong></p>
      <ul>
        ${live.map((n) => html`<li>${objectText(layout, n, paths.get(n.id))}</li>`)}
      </ul>
    </div>`;
  }

  private select(address: string | undefined, event: Event): void {
    event.stopPropagation();
    if (this.drag?.moved) return;
    const node = this.layout?.nodes.find((n) => n.id === address);
    // Enter (or a click) on a collapsed container that is already selected shows all its slots.
    if (node && node.hiddenRows > 0 && this.selected === address) this.expand(node.address, event);
    this.dispatchEvent(new CustomEvent('object-select', { detail: { address }, bubbles: true, composed: true }));
  }

  /** Shows every slot of a collapsed container (its "… N more" row). */
  private expand(address: string, event: Event): void {
    event.stopPropagation();
    if (this.drag?.moved || this.options.expanded.includes(address)) return;
    this.options = { ...this.options, expanded: [...this.options.expanded, address] };
    this.dispatchEvent(new CustomEvent('options-change', { detail: this.options, bubbles: true, composed: true }));
    this.dispatchEvent(new CustomEvent('object-select', { detail: { address }, bubbles: true, composed: true }));
  }

  private onItemKey(event: KeyboardEvent, address: string | undefined): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(address, event);
    }
  }

  private zoomBy(factor: number, cx?: number, cy?: number): void {
    this.userMoved = true;
    const x = cx ?? this.viewSize.width / 2;
    const y = cy ?? this.viewSize.height / 2;
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    // Keep the point under the cursor (or the centre) where it is.
    this.panX = x - ((x - this.panX) * zoom) / this.zoom;
    this.panY = y - ((y - this.panY) * zoom) / this.zoom;
    this.zoom = zoom;
  }

  private readonly onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    if (event.ctrlKey || event.metaKey || Math.abs(event.deltaY) >= Math.abs(event.deltaX) * 2) {
      this.zoomBy(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.clientX - rect.left, event.clientY - rect.top);
    } else {
      this.userMoved = true;
      this.panX -= event.deltaX;
    }
  };

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return; // keys on a box are the box's
    const pan: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    if (pan[event.key]) {
      this.userMoved = true;
      this.panX += pan[event.key][0];
      this.panY += pan[event.key][1];
    } else if (event.key === '+' || event.key === '=') this.zoomBy(ZOOM_STEP);
    else if (event.key === '-') this.zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') this.fit();
    else return;
    event.preventDefault();
  };

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || (event.target as Element).closest?.('button')) return;
    this.drag = { x: event.clientX, y: event.clientY, panX: this.panX, panY: this.panY, moved: false };
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    const drag = this.drag;
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    drag.moved = true;
    this.userMoved = true;
    (event.currentTarget as HTMLElement).classList.add('dragging');
    this.panX = drag.panX + dx;
    this.panY = drag.panY + dy;
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    const drag = this.drag;
    (event.currentTarget as HTMLElement).classList.remove('dragging');
    // A click on the background (no drag) clears the selection.
    if (drag && !drag.moved && !(event.target as Element).closest?.('g.clickable')) {
      this.dispatchEvent(
        new CustomEvent('object-select', { detail: { address: undefined }, bubbles: true, composed: true }),
      );
    }
    // Let the click that follows a drag see `moved`, then forget the drag.
    setTimeout(() => (this.drag = undefined));
  };
}

/** An inline value at the right end of a row, with the note on why it has no box. */
function inlineText(x: number, y: number, text: string) {
  return svg`<text class="inline" x=${x} y=${y} text-anchor="end"><title>${INLINE_NOTE}</title>${text}</text>`;
}

/**
 * A box's accessible name: everything it shows, in the order it shows it (a name that leaves out
 * visible text confuses speech input: "click list 0x2000…"), then its size and reachability.
 */
function boxLabel(n: ObjectNode, added: boolean): string {
  const shown = [
    headerTitle(n),
    headerDetail(n),
    added ? 'new' : '',
    n.shape === 'box' && n.value !== undefined ? n.value : '',
    ...n.rows.flatMap((r) => [r.label, r.text ?? '']),
    n.hiddenRows > 0 ? moreRowText(n.hiddenRows) : '',
  ];
  return `${shown.filter(Boolean).join(' ')}, ${n.bytes} bytes${n.dimmed ? ', unreachable' : ''}`;
}

function variableLabel(v: VariableNode): string {
  return v.target ? `variable ${v.name}, refers to the object at ${v.target}` : `variable ${v.name} = ${v.text ?? ''}`;
}

/** One object of the text view: what it is, how it is reached, its value and its slots. */
function objectText(layout: GraphLayout, n: ObjectNode, path: string | undefined): string {
  const parts = [`${n.type} at ${n.address} (${n.bytes} bytes${n.dimmed ? ', unreachable' : ''})`];
  if (path) parts.push(`, reached as ${path}`);
  if (n.value !== undefined) parts.push(`: ${n.value}`);
  if (n.rows.length) parts.push(`: ${n.rows.map((r) => `${r.label} → ${slotText(layout, r)}`).join('; ')}`);
  if (n.hiddenRows) parts.push(` (and ${n.hiddenRows} more)`);
  return parts.join('');
}

function slotText(layout: GraphLayout, row: GraphRow): string {
  return row.target ? `${typeAt(layout, row.target)} at ${row.target}` : (row.text ?? '');
}

function typeAt(layout: GraphLayout, address: string): string {
  return layout.nodes.find((n) => n.id === address)?.type ?? 'object';
}

function joinWords<T>(items: T[]): (T | string)[] {
  const out: (T | string)[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ' and ' : ', ');
    out.push(item);
  });
  return out;
}

/** Copies the computed presentation styles of every element into attributes, for a standalone SVG. */
function inlineStyles(source: Element, target: Element): void {
  const style = getComputedStyle(source);
  const keep = [
    'fill',
    'fill-opacity',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'opacity',
    'font-family',
    'font-size',
    'font-weight',
    'font-style',
  ];
  for (const p of keep) {
    const v = style.getPropertyValue(p);
    if (v) (target as SVGElement).style.setProperty(p, v);
  }
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], target.children[i]);
}

customElements.define('phl-heap-graph', HeapGraph);

declare global {
  interface HTMLElementTagNameMap {
    'phl-heap-graph': HeapGraph;
  }
}
