import { LitElement, css, html } from 'lit';

/**
 * A draggable (and keyboard-operable) divider between two panes. It only
 * reports movement: `splitter-move` {delta} in pixels along its axis; the app
 * shell decides which pane grows.
 */
export class PaneSplitter extends LitElement {
  static override properties = {
    orientation: { reflect: true },
    label: {},
  };

  /** 'vertical': a vertical bar moved left/right; 'horizontal': a horizontal bar moved up/down. */
  declare orientation: 'vertical' | 'horizontal';
  declare label: string;
  private last = 0;

  constructor() {
    super();
    this.orientation = 'vertical';
    this.label = 'Resize panes';
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
