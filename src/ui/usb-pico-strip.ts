import { LitElement, css, html, nothing } from 'lit';
import type { LabStatus } from '../app/lab-controller';
import type { UsbPicoSetupState } from '../app/usb-pico-setup';
import { boardStripStyles } from './board-strip-styles';

/**
 * The USB Pico's strip above the editor: which port, and the one action that fits its state —
 * "Connect a USB Pico" (the browser's port chooser, which only a click may open), "Reconnect"
 * after an unplug or a Disconnect, "Disconnect" to free the port for another program. Fires
 * `usb-choose` ({all}), `usb-reconnect` and `usb-disconnect`.
 */
export class UsbPicoStrip extends LitElement {
  static override properties = {
    setup: { attribute: false },
    status: {},
    detail: {},
  };

  declare setup: UsbPicoSetupState | undefined;
  declare status: LabStatus;
  declare detail: string;

  constructor() {
    super();
    this.status = 'disconnected';
    this.detail = '';
  }

  static override styles = [
    boardStripStyles,
    css`
      .what {
        flex: 1 1 auto;
        min-width: 0;
      }
      button.primary {
        background: var(--phl-accent);
        border-color: var(--phl-accent);
        color: var(--phl-accent-text);
      }
      .hint {
        color: var(--phl-text-muted);
      }
      button.link {
        border: none;
        background: none;
        padding: 3px 4px;
        text-decoration: underline;
        color: var(--phl-text-muted);
      }
    `,
  ];

  override render() {
    const s = this.setup;
    const live = this.status === 'ready' || this.status === 'busy';
    const lost = (this.status === 'disconnected' || this.status === 'error') && s?.port !== undefined;
    const first = !live && !lost && this.status !== 'connecting';
    // Being asked to choose a port is the normal first step, not a failure: said plainly, not in red.
    const hint = first && !s?.problem ? this.detail : '';
    const problem = s?.problem ?? (lost ? this.detail : '');
    return html`
      <div class="row" role="group" aria-label="USB Pico">
        <span class="what muted">
          ${s?.port ? html`Port: <strong>${s.port}</strong>${live ? ' · connected' : ''}` : 'No port chosen yet'}
        </span>
        ${live ? html`<button class="disconnect" title="Close the port, so another program can use the Pico" @click=${() => this.fire('usb-disconnect')}>Disconnect</button>` : nothing}
        ${lost ? html`<button class="primary reconnect" @click=${() => this.fire('usb-reconnect')}>Reconnect</button>` : nothing}
        ${
          lost
            ? html`<button class="choose" @click=${() => this.fire('usb-choose', { all: false })}>
                Choose another port…
              </button>`
            : first
              ? html`<button class="primary choose" @click=${() => this.fire('usb-choose', { all: false })}>
                    Connect a USB Pico
                  </button>
                  <button
                    class="link all-ports"
                    title="List every serial port, not only Raspberry Pi boards"
                    @click=${() => this.fire('usb-choose', { all: true })}
                  >
                    show all ports
                  </button>`
              : nothing
        }
      </div>
      ${hint ? html`<div class="line hint">${hint}</div>` : nothing}
      <div role="alert">${problem ? html`<div class="line error usb-problem">${problem}</div>` : nothing}</div>
    `;
  }

  private fire(name: string, detail: object = {}): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('phl-usb-pico-strip', UsbPicoStrip);

declare global {
  interface HTMLElementTagNameMap {
    'phl-usb-pico-strip': UsbPicoStrip;
  }
}
