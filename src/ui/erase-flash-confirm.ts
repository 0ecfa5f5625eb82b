import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

/**
 * "Erase flash…" with its inline confirmation, for the strips above the editor (the Virtual Pico's
 * firmware panel, the browser board's files strip): the button goes in the strip's row, the
 * confirmation on a line below it. Confirming fires `erase-flash` (bubbling) from the host.
 */
export class EraseFlashConfirm implements ReactiveController {
  private confirming = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The row's button; `hint` says what erasing removes. */
  button({ disabled, hint }: { disabled: boolean; hint: string }) {
    return html`<button class="erase" title=${hint} ?disabled=${disabled} @click=${() => this.set(true)}>
      Erase flash…
    </button>`;
  }

  /** The confirmation line (nothing until the button was pressed). */
  line(question: string) {
    if (!this.confirming) return nothing;
    return html`<div class="line confirm" role="alertdialog" aria-label="Confirm erase flash">
      <span>${question}</span>
      <button class="danger confirm-erase" @click=${this.erase}>Erase</button>
      <button class="cancel" @click=${() => this.set(false)}>Cancel</button>
    </div>`;
  }

  private set(confirming: boolean): void {
    this.confirming = confirming;
    this.host.requestUpdate();
  }

  private readonly erase = () => {
    this.set(false);
    this.host.dispatchEvent(new CustomEvent('erase-flash', { bubbles: true, composed: true }));
  };
}
