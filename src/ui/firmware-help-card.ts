import { LitElement, css, html, nothing } from 'lit';
import type { FirmwareHelp } from '../firmware/firmware-source';

/**
 * Shown over the Virtual Pico's terminal when there is no firmware anywhere:
 * what it needs, how to get it (npm run firmware, or the download link), and a
 * one-click way back to the browser board meanwhile. Fires `firmware-file`
 * {file} and `board-select` {id: 'browser-wasm'}.
 */
export class FirmwareHelpCard extends LitElement {
  static override properties = {
    help: { attribute: false },
    problems: { attribute: false },
  };

  declare help: FirmwareHelp | undefined;
  declare problems: readonly string[];

  constructor() {
    super();
    this.problems = [];
  }

  static override styles = css`
    :host {
      display: block;
      overflow: auto;
      padding: 16px;
      box-sizing: border-box;
      background: var(--phl-terminal-bg);
      font: 13.5px / 1.5 var(--phl-font);
    }
    .card {
      max-width: 640px;
      margin: 0 auto;
      padding: 14px 18px;
      border-radius: var(--phl-radius);
      background: var(--phl-surface);
      color: var(--phl-text);
      border: 1px solid var(--phl-border);
    }
    h2 {
      margin: 0 0 6px;
      font-size: 15px;
    }
    ol {
      margin: 6px 0 10px;
      padding-left: 20px;
    }
    code {
      font: 12.5px var(--phl-mono);
      background: var(--phl-bg);
      padding: 1px 5px;
      border-radius: 4px;
    }
    a {
      color: var(--phl-accent);
      word-break: break-all;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      font-weight: 550;
      border-radius: var(--phl-radius);
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      padding: 4px 12px;
      cursor: pointer;
    }
    button.primary {
      background: var(--phl-accent);
      border-color: var(--phl-accent);
      color: var(--phl-accent-text);
    }
    button:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: 1px;
    }
    .problems {
      margin: 10px 0 0;
      color: var(--phl-danger);
      font-size: 12.5px;
    }
    input[type='file'] {
      display: none;
    }
  `;

  override render() {
    const help = this.help;
    if (!help) return nothing;
    return html`<section class="card" role="region" aria-label="How to get the Virtual Pico firmware">
      <h2>${help.title}</h2>
      <ol>
        ${help.command ? html`<li>In the project folder run <code>${help.command}</code>, then reload this page.</li>` : nothing}
        <li>
          ${help.command ? 'Or download' : 'Download'}
          <a href=${help.downloadUrl} target="_blank" rel="noopener">${help.downloadUrl}</a> (all versions:
          <a href=${help.downloadPage} target="_blank" rel="noopener">${help.downloadPage}</a>) and drop the .uf2 onto
          the board, or use “Load firmware…”.
        </li>
        <li>Meanwhile, the browser MicroPython board works without any firmware.</li>
      </ol>
      <div class="actions">
        <button class="primary use-browser" @click=${this.useBrowserBoard}>Use the browser MicroPython board</button>
        <button class="load" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input')?.click()}>
          Load firmware…
        </button>
        <input
          type="file"
          accept=".uf2,application/octet-stream"
          aria-label="Firmware file (.uf2)"
          @change=${this.onFile}
        />
      </div>
      ${
        this.problems.length
          ? html`<ul class="problems">
              ${this.problems.map((p) => html`<li>${p}</li>`)}
            </ul>`
          : nothing
      }
    </section>`;
  }

  private useBrowserBoard(): void {
    this.dispatchEvent(
      new CustomEvent('board-select', { detail: { id: 'browser-wasm' }, bubbles: true, composed: true }),
    );
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) this.dispatchEvent(new CustomEvent('firmware-file', { detail: { file }, bubbles: true, composed: true }));
  }
}

customElements.define('phl-firmware-help', FirmwareHelpCard);

declare global {
  interface HTMLElementTagNameMap {
    'phl-firmware-help': FirmwareHelpCard;
  }
}
