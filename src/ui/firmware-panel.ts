import { EraseFlashConfirm } from './erase-flash-confirm';
import { LitElement, css, html, nothing } from 'lit';
import type { BoardStatus } from '../board/board';
import type { VirtualPicoSetupState } from '../app/virtual-pico-setup';
import { boardStripStyles } from './board-strip-styles';

/**
 * The Virtual Pico's firmware strip above the editor: which firmware it boots
 * (and a warning when the lab cannot fully understand it), "Load firmware…",
 * "Erase flash…" with an inline confirmation, and whether its files are saved
 * in this browser. Fires `firmware-file` {file} and `erase-flash`.
 */
export class FirmwarePanel extends LitElement {
  static override properties = {
    setup: { attribute: false },
    status: {},
    running: { type: Boolean },
  };

  declare setup: VirtualPicoSetupState | undefined;
  declare status: BoardStatus;
  declare running: boolean;
  private readonly eraseFlash = new EraseFlashConfirm(this);

  constructor() {
    super();
    this.status = 'disconnected';
    this.running = false;
  }

  static override styles = [
    boardStripStyles,
    css`
      .what {
        flex: 1 1 220px;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .name {
        font-weight: 600;
      }
      .warning {
        background: #fff8c5;
      }
      .error strong {
        color: var(--phl-danger);
      }
      input[type='file'] {
        display: none;
      }
    `,
  ];

  override render() {
    const s = this.setup;
    const firmware = s?.firmware;
    const canErase =
      !!firmware && !this.running && !s?.working && this.status !== 'connecting' && this.status !== 'disconnected';
    const fromCache = firmware?.origin === 'site' ? ' (shipped with this site)' : '';
    return html`
      <div class="row" role="group" aria-label="Virtual Pico firmware">
        <span class="what" title=${firmware ? `${firmware.name}: ${firmware.description}` : ''}>
          ${
            firmware
              ? html`<span class="muted">Firmware</span> <span class="name">${firmware.name}</span>
                  <span class="muted">— ${firmware.description}${fromCache}</span>`
              : html`<span class="muted">No firmware loaded</span>`
          }
        </span>
        ${s?.working ? html`<span class="saved working" role="status">${s.working}</span>` : this.savedText()}
        <button
          class="load"
          title="Program a MicroPython .uf2 into the Virtual Pico (like copying it onto the BOOTSEL drive)"
          ?disabled=${!!s?.working}
          @click=${this.pick}
        >
          Load firmware…
        </button>
        ${this.eraseFlash.button({ disabled: !canErase, hint: 'Wipe the filesystem (files written by programs); the firmware stays' })}
        <input
          type="file"
          accept=".uf2,application/octet-stream"
          aria-label="Firmware file (.uf2)"
          @change=${this.onFile}
        />
      </div>
      ${this.eraseFlash.line('Erase the Virtual Pico’s flash? Files written by programs are lost; the firmware stays.')}
      <div role="alert">
        ${
          s?.fileError
            ? html`<div class="line error file-error"><strong>Firmware not loaded.</strong> ${s.fileError}</div>`
            : nothing
        }
        ${s?.storageError ? html`<div class="line error storage-error">${s.storageError}</div>` : nothing}
      </div>
      ${firmware?.warning ? html`<div class="line warning firmware-warning">${firmware.warning}</div>` : nothing}
    `;
  }

  private savedText() {
    const s = this.setup;
    if (!s?.firmware) return nothing;
    if (s.flashSavedAt !== undefined) {
      const time = new Date(s.flashSavedAt).toLocaleTimeString();
      return html`<span class="saved" data-saved-at=${s.flashSavedAt}>Files saved in this browser at ${time}</span>`;
    }
    // Not while saving fails: the error line below says why the files are not kept.
    if (s.storageError) return html`<span class="saved not-saved">Files not saved</span>`;
    return html`<span class="saved"
      >${s.flashRestored ? 'Files restored from this browser' : 'Files are kept in this browser'}</span
    >`;
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input[type=file]');
  }

  private pick(): void {
    this.input?.click();
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again must fire change again
    if (file) this.dispatchEvent(new CustomEvent('firmware-file', { detail: { file }, bubbles: true, composed: true }));
  }
}

customElements.define('phl-firmware-panel', FirmwarePanel);

declare global {
  interface HTMLElementTagNameMap {
    'phl-firmware-panel': FirmwarePanel;
  }
}
