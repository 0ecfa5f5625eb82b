import { LitElement, css, html } from 'lit';

/** The heap pane (right): graph over memory map. A placeholder until the heap-view issue fills it. */
export class HeapPane extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-rows: minmax(0, 1fr) minmax(0, 0.6fr);
      gap: 1px;
      background: var(--phl-border);
      color: var(--phl-text);
      font: var(--phl-font-size) / 1.5 var(--phl-font);
    }
    section {
      overflow: auto;
      padding: 16px 18px;
      background: var(--phl-surface);
    }
    h2 {
      margin: 0 0 8px;
      font-size: 15px;
    }
    p {
      margin: 0;
      color: var(--phl-text-muted);
    }
  `;

  override render() {
    return html`
      <section aria-label="Heap graph">
        <h2>Heap</h2>
        <p>After a run, the objects your program created — and the names that refer to them — will be drawn here.</p>
      </section>
      <section aria-label="Memory map">
        <h2>Memory map</h2>
        <p>One cell per 16-byte heap block, coloured by object kind.</p>
      </section>
    `;
  }
}

customElements.define('phl-heap-pane', HeapPane);

declare global {
  interface HTMLElementTagNameMap {
    'phl-heap-pane': HeapPane;
  }
}
