import { EraseFlashConfirm } from './erase-flash-confirm';
import { LitElement, css, html, nothing } from 'lit';
import type { LabStatus } from '../app/lab-controller';
import type { BrowserBoardSetupState } from '../app/browser-board-setup';
import { boardStripStyles } from './board-strip-styles';

/**
 * The browser board's strip above the editor: its files live in a Pico-sized flash kept in this
 * browser, when they were last saved, and "Erase flash…" with an inline confirmation (as on the
 * Virtual Pico). Fires `erase-flash`.
 */
export class BoardFilesStrip extends LitElement {
  static override properties = {
    setup: { attribute: false },
    status: {},
    running: { type: Boolean },
    isolated: { type: Boolean },
  };

  declare setup: BrowserBoardSetupState | undefined;
  declare status: LabStatus;
  declare running: boolean;
  /** The page is cross-origin isolated: Stop interrupts a program and keeps the variables. */
  declare isolated: boolean;
  private readonly eraseFlash = new EraseFlashConfirm(this);

  constructor() {
    super();
    this.status = 'disconnected';
    this.running = false;
    this.isolated = false;
  }

  static override styles = [
    boardStripStyles,
    css`
      .row {
        flex-wrap: nowrap;
      }
      .what {
        flex: 1 1 auto;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  override render() {
    const s = this.setup;
    const canErase = !this.running && !s?.working && (this.status === 'ready' || this.status === 'busy');
    return html`
      <div class="row" role="group" aria-label="Files on the browser board">
        <span
          class="what muted"
          title="open() writes into a filesystem the size of a Pico's (1.4 MB), kept in this browser"
        >
          Files: a Pico-sized flash (1.4 MB)
        </span>
        <span
          class="saved stop-mode"
          data-isolated=${this.isolated ? 'yes' : 'no'}
          title=${
            this.isolated
              ? 'This page is cross-origin isolated: Stop raises KeyboardInterrupt inside the running program'
              : 'This host sends no isolation headers and the lab\u2019s service worker does not serve this page yet: reload it once'
          }
          >${this.isolated ? 'Stop keeps variables' : 'Stop restarts (reload once)'}</span
        >
        ${s?.working ? html`<span class="saved working" role="status">${s.working}</span>` : this.savedText()}
        ${this.eraseFlash.button({ disabled: !canErase, hint: 'Wipe the files written by programs' })}
      </div>
      ${this.eraseFlash.line('Erase the browser board’s files? Files written by programs are lost.')}
      <div role="alert">
        ${s?.storageError ? html`<div class="line error storage-error">${s.storageError}</div>` : nothing}
      </div>
    `;
  }

  private savedText() {
    const s = this.setup;
    if (s?.flashSavedAt !== undefined) {
      const time = new Date(s.flashSavedAt).toLocaleTimeString();
      return html`<span class="saved" data-saved-at=${s.flashSavedAt}>Saved at ${time}</span>`;
    }
    if (s?.storageError) return html`<span class="saved not-saved">Not saved</span>`;
    return s?.flashRestored ? html`<span class="saved">Restored from this browser</span>` : nothing;
  }
}

customElements.define('phl-board-files', BoardFilesStrip);

declare global {
  interface HTMLElementTagNameMap {
    'phl-board-files': BoardFilesStrip;
  }
}
