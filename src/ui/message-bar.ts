import { LitElement, css, html, nothing } from 'lit';
import type { RunError } from '../app/run-error';

/**
 * A strip above the editor saying how the last run ended (e.g. "MemoryError on
 * line 4: … what to do next") or a lab-level notice — where the user is looking.
 * Empty (and zero height) when there is nothing to say.
 */
export class MessageBar extends LitElement {
  static override properties = {
    runError: { attribute: false },
    notice: {},
  };

  declare runError: RunError | undefined;
  declare notice: string | undefined;

  static override styles = css`
    :host {
      display: block;
      font: 13px / 1.45 var(--phl-font);
    }
    .msg {
      display: flex;
      gap: 8px;
      align-items: baseline;
      padding: 6px 12px;
      border-bottom: 1px solid var(--phl-border);
    }
    .error {
      background: var(--phl-danger-bg);
      color: var(--phl-text);
      border-color: var(--phl-danger);
    }
    .type {
      font-weight: 650;
      color: var(--phl-danger);
    }
    .advice {
      color: var(--phl-text-muted);
    }
    .notice {
      background: #fff8c5;
      color: var(--phl-text);
    }
  `;

  override render() {
    const error = this.runError;
    return html`
      <div role="alert">
        ${
          error
            ? html`<div class="msg error" data-error-type=${error.type}>
                <span class="text"
                  ><strong class="type">${error.type}</strong
                  >${error.line !== undefined ? ` on line ${error.line}` : ''}${
                    error.message ? `: ${error.message}` : ''
                  }${error.advice ? html` <span class="advice">— ${error.advice}</span>` : nothing}</span
                >
              </div>`
            : nothing
        }
        ${this.notice ? html`<div class="msg notice">${this.notice}</div>` : nothing}
      </div>
    `;
  }
}

customElements.define('phl-message-bar', MessageBar);

declare global {
  interface HTMLElementTagNameMap {
    'phl-message-bar': MessageBar;
  }
}
