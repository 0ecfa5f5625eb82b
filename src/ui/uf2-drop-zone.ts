import { LitElement, css, html, nothing } from 'lit';

/**
 * The board's "USB drive", over the terminal. In BOOTSEL state it stays visible
 * like a Pico's RPI-RP2 drive, waiting for a .uf2; at any other time it appears
 * while a file is dragged over the page. A file dropped anywhere on the page is
 * taken (the browser would otherwise open it) and fired as `firmware-file` {file}.
 */
export class Uf2DropZone extends LitElement {
  static override properties = {
    bootsel: { type: Boolean, reflect: true },
    dragging: { type: Boolean, reflect: true },
  };

  declare bootsel: boolean;
  declare dragging: boolean;
  private depth = 0;

  constructor() {
    super();
    this.bootsel = false;
    this.dragging = false;
  }

  static override styles = css`
    :host {
      display: none;
      padding: 12px;
      box-sizing: border-box;
      background: rgba(29, 33, 41, 0.92);
      font: 14px / 1.45 var(--phl-font);
    }
    :host([bootsel]),
    :host([dragging]) {
      display: block;
    }
    .drive {
      height: 100%;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 6px;
      border: 2px dashed var(--phl-warn);
      border-radius: 10px;
      color: var(--phl-terminal-fg);
      text-align: center;
      padding: 12px;
    }
    :host([dragging]) .drive {
      border-style: solid;
      background: rgba(130, 80, 223, 0.18);
    }
    .label {
      font: 600 13px var(--phl-mono);
      letter-spacing: 0.06em;
      color: #c9b3f5;
    }
    .big {
      font-size: 16px;
      font-weight: 600;
    }
    .hint {
      color: #aab2bd;
      font-size: 12.5px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('dragenter', this.onDragEnter);
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('dragenter', this.onDragEnter);
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
  }

  override render() {
    if (!this.bootsel && !this.dragging) return nothing;
    return html`<div class="drive" role="region" aria-label="Firmware drop zone (BOOTSEL drive)">
      <span class="label">RPI-RP2</span>
      <span class="big"
        >${this.bootsel ? 'BOOTSEL — drop a .uf2 here' : 'Drop the .uf2 to program the Virtual Pico'}</span
      >
      <span class="hint"
        >${
          this.bootsel
            ? 'machine.bootloader() put the board in BOOTSEL mode. ' +
              'Drop a MicroPython .uf2, or use \u201cLoad firmware…\u201d above.'
            : 'Like copying it onto a Pico\u2019s BOOTSEL drive: the firmware is replaced, files stay.'
        }</span
      >
    </div>`;
  }

  private readonly onDragEnter = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    this.depth++;
    this.dragging = true;
  };

  private readonly onDragOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault(); // allows the drop
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this.depth = 0;
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) this.dispatchEvent(new CustomEvent('firmware-file', { detail: { file }, bubbles: true, composed: true }));
  };
}

function hasFiles(event: DragEvent): boolean {
  return !!event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
}

customElements.define('phl-uf2-drop', Uf2DropZone);

declare global {
  interface HTMLElementTagNameMap {
    'phl-uf2-drop': Uf2DropZone;
  }
}
