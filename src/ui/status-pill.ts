import { LitElement, css, html } from 'lit';
import type { LabStatus } from '../app/lab-controller';

/** Words the pill shows for each board status (docs/architecture.md#look-and-feel). */
const LABELS: Record<LabStatus, string> = {
  connecting: 'Connecting…',
  ready: 'Ready',
  busy: 'Running',
  bootsel: 'BOOTSEL',
  disconnected: 'Disconnected',
  error: 'Error',
  'needs-firmware': 'Needs firmware',
  'needs-port': 'Not connected',
};

/** States whose detail the pill keeps to its tooltip: a panel nearby says it in full. */
const QUIET_DETAIL: readonly LabStatus[] = ['needs-firmware', 'needs-port'];

/** The board's state as a small coloured pill; a live region so screen readers hear changes. */
export class StatusPill extends LitElement {
  static override properties = {
    status: { reflect: true },
    detail: {},
    running: { type: Boolean },
  };

  declare status: LabStatus;
  declare detail: string;
  /** A program started with Run is executing (shown as running even between board events). */
  declare running: boolean;

  constructor() {
    super();
    this.status = 'disconnected';
    this.detail = '';
    this.running = false;
  }

  static override styles = css`
    :host {
      display: inline-flex;
      min-width: 0;
    }
    .pill {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      max-width: 100%;
      box-sizing: border-box;
      overflow: hidden;
      padding: 3px 10px;
      border-radius: 999px;
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      font: 500 13px/1.3 var(--phl-font);
      white-space: nowrap;
    }
    .dot {
      flex: none;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--phl-text-muted);
    }
    .label {
      flex: none;
    }
    .detail {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      color: var(--phl-text-muted);
      font-weight: 400;
    }
    .pill[data-state='ready'] .dot {
      background: var(--phl-ok);
    }
    .pill[data-state='busy'] .dot,
    .pill[data-state='connecting'] .dot {
      background: var(--phl-busy);
      animation: pulse 1s ease-in-out infinite;
    }
    .pill[data-state='bootsel'] .dot,
    .pill[data-state='needs-firmware'] .dot,
    .pill[data-state='needs-port'] .dot {
      background: var(--phl-warn);
    }
    .pill[data-state='error'] {
      border-color: var(--phl-danger);
      background: var(--phl-danger-bg);
    }
    .pill[data-state='error'] .dot {
      background: var(--phl-danger);
    }
    .pill[data-state='error'] .detail {
      color: var(--phl-danger);
      white-space: normal;
    }
    .sr {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    @keyframes pulse {
      50% {
        opacity: 0.35;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .dot {
        animation: none !important;
      }
    }
  `;

  override render() {
    const state: LabStatus = this.running && this.status === 'ready' ? 'busy' : this.status;
    const label = LABELS[state] ?? state;
    const detail = QUIET_DETAIL.includes(state) ? '' : this.detail;
    return html`<span class="pill" data-state=${state} role="status" aria-live="polite" title=${this.detail || label}>
      <span class="dot" aria-hidden="true"></span>
      <span class="sr">Board status: </span><span class="label">${label}</span>
      ${detail ? html`<span class="detail">— ${detail}</span>` : null}
    </span>`;
  }
}

customElements.define('phl-status-pill', StatusPill);

declare global {
  interface HTMLElementTagNameMap {
    'phl-status-pill': StatusPill;
  }
}
