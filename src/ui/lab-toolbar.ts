import { LitElement, css, html } from 'lit';
import type { LabState } from '../app/lab-controller';
import './status-pill';

/**
 * The one toolbar (DESIGN §5): board picker with its honest description,
 * board status, and Run · Stop · Reset. It only renders state and fires
 * events (`board-select` {id}, `run`, `stop`, `reset`); the app shell acts.
 */
export class LabToolbar extends LitElement {
  static override properties = {
    state: { attribute: false },
  };

  declare state: LabState | undefined;

  /** The toolbar button that had the keyboard focus when this render started. */
  private focusedBefore: HTMLButtonElement | undefined;
  /**
   * A button that lost the focus because a render disabled it (Run once a program starts, Stop
   * once it ends, Reset while the board restarts). A disabled button drops the focus to the page
   * body, so a keyboard user would have to tab back from the top: instead the focus goes to the
   * button that now makes sense (Stop while running, else this one again, else Run).
   */
  private focusOwed: HTMLButtonElement | undefined;

  override render() {
    const state = this.state;
    const status = state?.status ?? 'disconnected';
    const running = state?.running ?? false;
    const busy = running || status === 'busy';
    return html`
      <h1>Pico Heap Lab</h1>
      <div class="board">
        <label for="board">Board</label>
        <select id="board" aria-label="Board" .value=${state?.boardId ?? ''} @change=${this.onBoardChange} ?disabled=${running}>
          ${(state?.boards ?? []).map(
            (b) => html`<option value=${b.id} ?selected=${b.id === state?.boardId}>${b.label}</option>`,
          )}
        </select>
        <phl-status-pill .status=${status} .detail=${state?.statusDetail ?? ''} .running=${running}></phl-status-pill>
        <span class="description" title=${state?.boardDescription ?? ''}>${state?.boardDescription ?? ''}</span>
      </div>
      <div class="actions" role="group" aria-label="Program controls">
        <button class="run" aria-keyshortcuts="Control+Enter" title="Run the program in the editor (Ctrl+Enter)"
          ?disabled=${status !== 'ready' || running} @click=${() => this.fire('run')}>Run<kbd aria-hidden="true">Ctrl+↵</kbd></button>
        <button class="stop" title="Stop the running program (or press Ctrl+C in the terminal)"
          ?disabled=${!busy} @click=${() => this.fire('stop')}>Stop</button>
        <button class="reset" title="Reset the board: its RAM and variables are lost"
          ?disabled=${!state?.boardId || status === 'connecting'} @click=${() => this.fire('reset')}>Reset</button>
      </div>
    `;
  }

  protected override willUpdate(): void {
    const focused = this.shadowRoot?.activeElement;
    this.focusedBefore = focused instanceof HTMLButtonElement ? focused : undefined;
  }

  protected override updated(): void {
    if (this.focusedBefore?.disabled) this.focusOwed = this.focusedBefore;
    const owed = this.focusOwed;
    if (!owed) return;
    // The user has put the focus somewhere else in the meantime: leave it there.
    const active = document.activeElement;
    if (active && active !== document.body && active !== this) {
      this.focusOwed = undefined;
      return;
    }
    const root = this.shadowRoot!;
    const inner = root.activeElement as HTMLButtonElement | HTMLSelectElement | null;
    if (inner && inner !== owed && !inner.disabled) {
      this.focusOwed = undefined;
      return;
    }
    const stop = root.querySelector<HTMLButtonElement>('button.stop')!;
    const run = root.querySelector<HTMLButtonElement>('button.run')!;
    const target = this.state?.running ? stop : owed.disabled ? run : owed;
    if (target.disabled) return; // e.g. Run while the board restarts: try again on a later render
    target.focus();
    this.focusOwed = undefined;
  }

  private onBoardChange(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('board-select', { detail: { id }, bubbles: true, composed: true }));
  }

  private fire(name: 'run' | 'stop' | 'reset'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('phl-toolbar', LabToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'phl-toolbar': LabToolbar;
  }
}
