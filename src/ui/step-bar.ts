import { LitElement, css, html, nothing } from 'lit';
import type { StepperState } from '../app/step-controller';
import { boardStripStyles } from './board-strip-styles';

/**
 * The stepper's strip above the editor while a program is stepped (and after, to look back):
 * where it is ("Step 3 of 7 · line 5 · in add()"), Back and Step, and a timeline of the steps
 * taken, and Run to cursor. Fires `step`, `step-back`, `step-to-cursor` and `step-to` {position}; the
 * app shell acts.
 */
export class StepBar extends LitElement {
  static override properties = {
    stepper: { attribute: false },
  };

  declare stepper: StepperState | undefined;

  static override styles = [
    boardStripStyles,
    css`
      :host {
        background: #ddf4ff;
      }
      .row {
        flex-wrap: wrap;
      }
      .where {
        flex: none;
        white-space: nowrap;
      }
      .where strong {
        font-weight: 650;
      }
      input[type='range'] {
        flex: 1 1 120px;
        min-width: 80px;
      }
      input:focus-visible {
        outline: 2px solid var(--phl-focus);
        outline-offset: 1px;
      }
      .ended {
        color: var(--phl-text-muted);
        white-space: nowrap;
      }
      kbd {
        font: 11px var(--phl-mono);
        opacity: 0.75;
        margin-left: 4px;
      }
    `,
  ];

  override render() {
    const s = this.stepper;
    if (!s || s.history.length === 0) return nothing;
    const shown = s.history[s.position];
    const last = s.history.length - 1;
    const frame = shown?.frames.length ? ` · in ${shown.frames[shown.frames.length - 1]}()` : '';
    const canForward = s.position < last || (s.active && !s.working);
    return html`<div class="row" role="group" aria-label="Stepping through the program">
      <span class="where" aria-live="polite"
        ><strong>Step ${s.position + 1} of ${s.history.length}</strong> · line ${shown?.line ?? '?'}${frame}</span
      >
      <button class="back" ?disabled=${s.position <= 0} @click=${() => this.fire('step-back')}>
        Back<kbd aria-hidden="true">⇧F10</kbd>
      </button>
      <button class="forward" ?disabled=${!canForward} @click=${() => this.fire('step')}>
        Step<kbd aria-hidden="true">F10</kbd>
      </button>
      <button
        class="to-cursor"
        title="Run to the line the editor's cursor is on (Ctrl+F10)"
        ?disabled=${!canForward}
        @click=${() => this.fire('step-to-cursor')}
      >
        To cursor<kbd aria-hidden="true">Ctrl+F10</kbd>
      </button>
      <input
        type="range"
        aria-label="Step"
        min="0"
        max=${last}
        .value=${String(s.position)}
        @input=${(e: Event) => this.goTo(Number((e.target as HTMLInputElement).value))}
      />
      ${
        s.ended
          ? html`<span class="ended"
              >${
                s.ended.limitReached
                  ? 'stopped at the step limit'
                  : s.ended.stopped
                    ? 'stopped'
                    : s.ended.error
                      ? 'the program raised an error'
                      : 'the program has ended'
              }</span
            >`
          : s.working
            ? html`<span class="ended" role="status">running…</span>`
            : nothing
      }
    </div>`;
  }

  private fire(name: 'step' | 'step-back' | 'step-to-cursor'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  private goTo(position: number): void {
    this.dispatchEvent(new CustomEvent('step-to', { detail: { position }, bubbles: true, composed: true }));
  }
}

customElements.define('phl-step-bar', StepBar);

declare global {
  interface HTMLElementTagNameMap {
    'phl-step-bar': StepBar;
  }
}
