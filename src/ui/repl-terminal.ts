import { LitElement, html } from 'lit';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { NOTE_STYLE, type ReplSession } from '../repl/repl-session';

const encoder = new TextEncoder();

/**
 * The board's REPL in an xterm.js terminal. It shows what the session passes
 * through and sends keystrokes to the session (Ctrl+C is byte 0x03, which the
 * session turns into an interrupt while a program runs). It never talks to a
 * board directly. Light DOM, because xterm's CSS is global.
 */
export class ReplTerminal extends LitElement {
  static override properties = {
    session: { attribute: false },
  };

  declare session: ReplSession | undefined;

  private terminal: Terminal | undefined;
  private fit: FitAddon | undefined;
  private unsubscribe: (() => void) | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private fitQueued = false;
  /**
   * Ctrl+M switches Tab between the REPL (completion) and the page (moving focus out), as it does in
   * the editor: without it the keyboard could never leave the terminal (WCAG 2.1.2).
   */
  private tabMovesFocus = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<div class="phl-terminal-host" role="region" aria-label="MicroPython terminal (REPL)"></div>
      <p id="phl-terminal-keys" class="phl-terminal-keys" hidden>
        Tab moves focus out of the terminal. Ctrl+M: Tab completes in the REPL again.
      </p>
      <p id="phl-terminal-help" class="phl-sr-only">Ctrl+M, then Tab, leaves the terminal.</p>`;
  }

  protected override firstUpdated(): void {
    const host = this.querySelector<HTMLElement>('.phl-terminal-host')!;
    const style = getComputedStyle(this);
    const terminal = new Terminal({
      convertEol: true, // the session's notes use bare \n; board output's \r\n stays correct
      cursorBlink: true,
      fontFamily: style.getPropertyValue('--phl-mono').trim() || 'monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: {
        background: style.getPropertyValue('--phl-terminal-bg').trim() || '#1d2129',
        foreground: style.getPropertyValue('--phl-terminal-fg').trim() || '#e6e8eb',
      },
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    terminal.textarea?.setAttribute('aria-describedby', 'phl-terminal-help');
    terminal.attachCustomKeyEventHandler((event) => {
      // Ctrl+Enter runs the program from anywhere: let it bubble to the app instead of typing a newline.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return false;
      if (event.key.toLowerCase() === 'm' && event.ctrlKey && !event.altKey && !event.metaKey) {
        if (event.type === 'keydown') this.setTabMovesFocus(!this.tabMovesFocus);
        event.preventDefault();
        return false;
      }
      // Tab left to the browser moves the focus on (xterm would send it to the REPL).
      if (event.key === 'Tab' && this.tabMovesFocus) return false;
      if (event.type === 'keydown' && this.copyRequested(event)) {
        void navigator.clipboard?.writeText(terminal.getSelection()).catch(() => undefined);
        terminal.clearSelection();
        event.preventDefault();
        return false;
      }
      return true;
    });
    terminal.onData((data) => this.session?.typeIn(encoder.encode(data)));
    this.terminal = terminal;
    this.fit = fit;
    this.resizeObserver = new ResizeObserver(() => this.queueFit());
    this.resizeObserver.observe(host);
    this.queueFit();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('session')) {
      this.unsubscribe?.();
      this.unsubscribe = this.session?.onTerminalData((bytes) => this.terminal?.write(bytes));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.resizeObserver?.disconnect();
    this.terminal?.dispose();
    this.terminal = undefined;
  }

  private setTabMovesFocus(on: boolean): void {
    this.tabMovesFocus = on;
    const hint = this.querySelector<HTMLElement>('.phl-terminal-keys');
    if (hint) hint.hidden = !on;
  }

  /** Writes a dimmed line from the lab itself (not from the board). */
  writeNote(text: string): void {
    this.terminal?.write(`\r\n${NOTE_STYLE}${text}\x1b[0m\r\n`);
  }

  /** Everything in the terminal's buffer as plain text (scrollback included). */
  bufferText(): string {
    const buffer = this.terminal?.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n').replace(/\n+$/, '');
  }

  override focus(): void {
    this.terminal?.focus();
  }

  clear(): void {
    this.terminal?.clear();
  }

  /**
   * Copying output must not interrupt the board: with text selected, Ctrl+Shift+C copies, and so
   * does Ctrl+C while no program runs (at the prompt it would only clear the line). While a
   * program runs, Ctrl+C always interrupts it.
   */
  private copyRequested(event: KeyboardEvent): boolean {
    if (!event.ctrlKey || event.altKey || event.key.toLowerCase() !== 'c' || !this.terminal?.hasSelection())
      return false;
    return event.shiftKey || !this.session?.busy;
  }

  private queueFit(): void {
    if (this.fitQueued) return;
    this.fitQueued = true;
    requestAnimationFrame(() => {
      this.fitQueued = false;
      // A hidden or zero-sized pane has no geometry to fit to.
      if (this.terminal && this.offsetWidth > 0 && this.offsetHeight > 0) this.fit?.fit();
    });
  }
}

customElements.define('phl-terminal', ReplTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'phl-terminal': ReplTerminal;
  }
}
