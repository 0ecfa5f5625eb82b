import { LitElement, css, html, svg, nothing } from 'lit';

/** One step's heap numbers (bytes). */
export interface StepHeapPoint {
  used: number;
  free: number;
  largestFree: number;
}

const SERIES: { key: keyof StepHeapPoint; label: string; className: string }[] = [
  { key: 'used', label: 'used', className: 'used' },
  { key: 'free', label: 'free', className: 'free' },
  { key: 'largestFree', label: 'largest free run', className: 'largest' },
];
const WIDTH = 400;
/** A line that moves by less than this (bytes) stays nearly flat: a block or two is not a trend. */
const MIN_RANGE_BYTES = 256;
const HEIGHT = 56;

/**
 * Used, free and largest-free-run bytes across the steps taken (plain SVG, no library), each line
 * on its own scale, with the step shown marked and its numbers spelled out: fragmentation shows as
 * "free" and "largest free run" drifting apart.
 * Hidden until there are two steps.
 */
export class StepChart extends LitElement {
  static override properties = {
    points: { attribute: false },
    position: { type: Number },
  };

  declare points: readonly StepHeapPoint[];
  declare position: number;

  constructor() {
    super();
    this.points = [];
    this.position = -1;
  }

  static override styles = css`
    :host {
      display: block;
      padding: 4px 10px 6px;
      background: var(--phl-surface);
      font: 11.5px / 1.3 var(--phl-font);
      color: var(--phl-text-muted);
    }
    svg {
      display: block;
      width: 100%;
      height: 56px;
    }
    polyline {
      fill: none;
      stroke-width: 1.5;
      vector-effect: non-scaling-stroke;
    }
    .used {
      stroke: var(--phl-accent);
    }
    .free {
      stroke: var(--phl-ok);
    }
    .largest {
      stroke: var(--phl-warn);
      stroke-dasharray: 4 3;
    }
    line.now {
      stroke: var(--phl-text);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .legend {
      display: flex;
      gap: 12px;
      flex-wrap: wrap;
    }
    .legend .series::before {
      content: '';
      display: inline-block;
      width: 14px;
      height: 0;
      margin-right: 4px;
      vertical-align: middle;
      border-top: 2px solid;
    }
    .legend .used::before {
      border-color: var(--phl-accent);
    }
    .legend .free::before {
      border-color: var(--phl-ok);
    }
    .legend .largest::before {
      border-top-style: dashed;
      border-color: var(--phl-warn);
    }
  `;

  override render() {
    const points = this.points;
    if (points.length < 2) return nothing;
    const x = (i: number) => (i / (points.length - 1)) * WIDTH;
    // Each line on its own scale (a few kilobytes used beside 200 kB free would be two flat lines):
    // the shape of its change is what the chart shows; the numbers are in the summary.
    const scale = (key: keyof StepHeapPoint) => {
      const values = points.map((p) => p[key]);
      const low = Math.min(...values);
      const range = Math.max(MIN_RANGE_BYTES, Math.max(...values) - low);
      return (v: number) => HEIGHT - 3 - ((v - low) / range) * (HEIGHT - 6);
    };
    const shown = points[this.position];
    const summary = shown
      ? `Step ${this.position + 1}: ${shown.used} bytes used, ${shown.free} free, largest free run ${shown.largestFree}`
      : '';
    return html`
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label=${summary}>
        ${SERIES.map((s) => {
          const y = scale(s.key);
          return svg`<polyline class=${s.className} data-series=${s.key}
              points=${points.map((p, i) => `${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' ')}></polyline>`;
        })}
        ${shown ? svg`<line class="now" x1=${x(this.position)} x2=${x(this.position)} y1="0" y2=${HEIGHT}></line>` : nothing}
      </svg>
      <div class="legend">
        ${SERIES.map((s) => html`<span class="series ${s.className}">${s.label}</span>`)}
        <span class="summary">${summary}</span>
      </div>
    `;
  }
}

customElements.define('phl-step-chart', StepChart);

declare global {
  interface HTMLElementTagNameMap {
    'phl-step-chart': StepChart;
  }
}
