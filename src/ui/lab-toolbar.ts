import { LitElement, css, html } from 'lit';
import type { LabState } from '../app/lab-controller';
import './status-pill';

/**
 * The one toolbar (docs/architecture.md#look-and-feel): board picker with its caveat (the honest
 * description behind an info button), board status, and Run · Stop · Reset. It only renders state and fires
 * events (`board-select` {id}, `run`, `stop`, `reset`); the app shell acts.
 */
export class LabToolbar extends LitElement {
  static override properties = {
    state: { attribute: false },
    boardNotes: { attribute: false },
  };

  declare state: LabState | undefined;
  /** A few words of each board's state for the picker ("needs firmware", "not connected"). */
  declare boardNotes: Partial<Record<string, string>> | undefined;

  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
      min-height: var(--phl-toolbar-h);
      padding: 6px 12px;
      box-sizing: border-box;
      background: var(--phl-surface);
      border-bottom: 1px solid var(--phl-border);
      font: var(--phl-font-size) / 1.4 var(--phl-font);
      color: var(--phl-text);
    }
    h1 {
      margin: 0;
      font-size: 16px;
      font-weight: 650;
      white-space: nowrap;
    }
    .board {
      display: flex;
      align-items: center;
      gap: 8px;
      min-width: 0;
      flex: 1 1 auto;
    }
    phl-status-pill {
      /* Shrinks before it overlaps the description; the full detail is in its tooltip. */
      flex: 0 1 auto;
      min-width: 7em;
      max-width: 22em;
    }
    label {
      color: var(--phl-text-muted);
      white-space: nowrap;
    }
    select,
    button {
      font: inherit;
      border-radius: var(--phl-radius);
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      padding: 4px 10px;
    }
    select:focus-visible,
    button:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: 1px;
    }
    .about {
      /* Gives way before the status pill does: at 1024 px a squeezed error pill grew into a tall column. */
      flex: 0 1000 auto;
      display: flex;
      align-items: center;
      gap: 2px;
      min-width: 0;
      color: var(--phl-text-muted);
      font-size: 12.5px;
    }
    .caveat {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    button.info {
      /* A drawn "i" in a circle: the ⓘ character is missing from many fonts. */
      flex: none;
      box-sizing: border-box;
      width: 17px;
      height: 17px;
      min-width: 0;
      margin-left: 4px;
      padding: 0;
      border: 1.5px solid currentColor;
      border-radius: 50%;
      background: none;
      color: var(--phl-text-muted);
      font:
        italic 700 11px/1 Georgia,
        'DejaVu Serif',
        serif;
      anchor-name: --board-info;
    }
    button.info:hover {
      color: var(--phl-text);
    }
    [popover] {
      /* Under its button where the browser can anchor it (centred on the page where it cannot). */
      position-anchor: --board-info;
      inset: auto;
      top: anchor(bottom);
      left: anchor(left);
      position-try-fallbacks: flip-inline;
      margin: 6px 0 0;
      max-width: 26em;
      padding: 10px 12px;
      border: 1px solid var(--phl-border);
      border-radius: var(--phl-radius);
      background: var(--phl-surface);
      color: var(--phl-text);
      font: 13px/1.45 var(--phl-font);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    }
    .actions {
      display: flex;
      gap: 6px;
      flex: none;
    }
    button {
      cursor: pointer;
      font-weight: 550;
      min-width: 64px;
    }
    button:disabled {
      cursor: default;
      opacity: 0.45;
    }
    button.run {
      background: var(--phl-accent);
      border-color: var(--phl-accent);
      color: var(--phl-accent-text);
    }
    button.stop:not(:disabled) {
      border-color: var(--phl-danger);
      color: var(--phl-danger);
    }
    kbd {
      /* Full colour: a faded hint on the accent blue was 3.6:1, below the 4.5:1 text needs. */
      font: 11px var(--phl-mono);
      margin-left: 4px;
    }
  `;

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
    const stepper = state?.stepper;
    const canStep = (status === 'ready' && !running) || (!!stepper?.active && !stepper.working);
    return html`
      <h1>Pico Heap Lab</h1>
      <div class="board">
        <label for="board">Board</label>
        <select
          id="board"
          aria-label="Board"
          .value=${state?.boardId ?? ''}
          @change=${this.onBoardChange}
          ?disabled=${running}
          title=${running ? 'Stop the running program to switch boards' : 'Choose the board that runs your program'}
        >
          ${(state?.boards ?? []).map(
            (b) =>
              html`<option value=${b.id} ?selected=${b.id === state?.boardId}>
                ${b.label}${this.boardNotes?.[b.id] ? ` · ${this.boardNotes[b.id]}` : ''}
              </option>`,
          )}
        </select>
        <phl-status-pill .status=${status} .detail=${state?.statusDetail ?? ''} .running=${running}></phl-status-pill>
        ${
          state?.boardDescription
            ? html`<span class="about">
                <span class="caveat">${state.boardCaveat}</span>
                <button
                  class="info"
                  popovertarget="board-info"
                  aria-label="About this board"
                  title="About this board"
                  aria-describedby="board-info"
                >
                  i
                </button>
                <div id="board-info" popover role="note">${state.boardDescription}</div>
              </span>`
            : null
        }
      </div>
      <div class="actions" role="group" aria-label="Program controls">
        <button
          class="run"
          aria-keyshortcuts="Control+Enter"
          title="Run the program in the editor (Ctrl+Enter)"
          ?disabled=${status !== 'ready' || running}
          @click=${() => this.fire('run')}
        >
          Run<kbd aria-hidden="true">Ctrl+↵</kbd>
        </button>
        <button
          class="step"
          aria-keyshortcuts="F10"
          title="Run the program one line at a time, watching the heap (F10)"
          ?disabled=${!canStep}
          @click=${() => this.fire('step')}
        >
          Step<kbd aria-hidden="true">F10</kbd>
        </button>
        <button
          class="stop"
          title="Stop the running program (or press Ctrl+C in the terminal)"
          ?disabled=${!busy}
          @click=${() => this.fire('stop')}
        >
          Stop
        </button>
        <button
          class="reset"
          title="Reset the board: its RAM and variables are lost"
          ?disabled=${!state?.boardId || status === 'connecting' || status === 'needs-firmware' || status === 'needs-port' || status === 'disconnected'}
          @click=${() => this.fire('reset')}
        >
          Reset
        </button>
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
    // Step keeps the focus through its steps (it is disabled only while a line runs); Run's goes to Stop.
    const target = owed.classList.contains('step') ? owed : this.state?.running ? stop : owed.disabled ? run : owed;
    if (target.disabled) return; // e.g. Run while the board restarts: try again on a later render
    target.focus();
    this.focusOwed = undefined;
  }

  private onBoardChange(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('board-select', { detail: { id }, bubbles: true, composed: true }));
  }

  private fire(name: 'run' | 'step' | 'stop' | 'reset'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('phl-toolbar', LabToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'phl-toolbar': LabToolbar;
  }
}
