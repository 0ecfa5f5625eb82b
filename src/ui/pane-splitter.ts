import { LitElement, css, html } from 'lit';

/**
 * A draggable (and keyboard-operable) divider between two panes: a complete ARIA separator whose
 * value is the size of the pane it resizes, in pixels, between `min` and `max` (the app shell sets
 * them). Arrow keys move it by 16 px (64 with Shift), Home and End to the smallest and largest
 * size. It only reports movement: `splitter-move` {delta} in pixels along its axis; the app shell
 * decides which pane grows.
 */
export class PaneSplitter extends LitElement {
  static override properties = {
    orientation: { reflect: true },
    label: {},
    value: { type: Number },
    min: { type: Number },
    max: { type: Number },
    /** Which way the pane grows: +1 when moving the bar right/down grows it, -1 when it shrinks it. */
    growth: { type: Number },
  };

  /** 'vertical': a vertical bar moved left/right; 'horizontal': a horizontal bar moved up/down. */
  declare orientation: 'vertical' | 'horizontal';
  declare label: string;
  declare value: number;
  declare min: number;
  declare max: number;
  declare growth: number;
  private last = 0;

  constructor() {
    super();
    this.orientation = 'vertical';
    this.label = 'Resize panes';
    this.value = 0;
    this.min = 0;
    this.max = 0;
    this.growth = 1;
  }

  static override styles = css`
    :host {
      display: block;
      background: var(--phl-border);
      touch-action: none;
      user-select: none;
    }
    :host([orientation='vertical']) {
      cursor: col-resize;
    }
    :host([orientation='horizontal']) {
      cursor: row-resize;
    }
    :host(:hover),
    :host(:focus-visible) {
      background: var(--phl-accent);
      outline: none;
    }
    div {
      width: 100%;
      height: 100%;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'separator');
    this.setAttribute('tabindex', '0');
    this.setAttribute('aria-orientation', this.orientation === 'vertical' ? 'vertical' : 'horizontal');
    this.setAttribute('aria-label', this.label);
    this.addEventListener('pointerdown', this.onDown);
    this.addEventListener('keydown', this.onKey);
  }

  override render() {
    return html`<div></div>`;
  }

  protected override updated(): void {
    this.setAttribute('aria-valuenow', String(Math.round(this.value)));
    this.setAttribute('aria-valuemin', String(Math.round(this.min)));
    this.setAttribute('aria-valuemax', String(Math.round(Math.max(this.min, this.max))));
    this.setAttribute('aria-valuetext', `${Math.round(this.value)} pixels`);
  }

  private readonly onDown = (event: PointerEvent) => {
    this.setPointerCapture(event.pointerId);
    this.last = this.orientation === 'vertical' ? event.clientX : event.clientY;
    const move = (e: PointerEvent) => {
      const pos = this.orientation === 'vertical' ? e.clientX : e.clientY;
      const delta = pos - this.last;
      this.last = pos;
      if (delta) this.emit(delta);
    };
    const up = () => {
      this.removeEventListener('pointermove', move);
      this.removeEventListener('pointerup', up);
      this.removeEventListener('pointercancel', up);
    };
    this.addEventListener('pointermove', move);
    this.addEventListener('pointerup', up);
    this.addEventListener('pointercancel', up);
  };

  private readonly onKey = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 64 : 16;
    const back = this.orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const forward = this.orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (event.key === back) this.emit(-step);
    else if (event.key === forward) this.emit(step);
    // Home/End: the pane at its smallest / largest (a delta along the bar's axis that gets it there).
    else if (event.key === 'Home') this.emit((this.min - this.value) * this.growth);
    else if (event.key === 'End') this.emit((this.max - this.value) * this.growth);
    else return;
    event.preventDefault();
  };

  private emit(delta: number): void {
    this.dispatchEvent(new CustomEvent('splitter-move', { detail: { delta }, bubbles: true }));
  }
}

customElements.define('phl-splitter', PaneSplitter);

declare global {
  interface HTMLElementTagNameMap {
    'phl-splitter': PaneSplitter;
  }
}
