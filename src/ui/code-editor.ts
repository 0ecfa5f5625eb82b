import { LitElement, html, nothing } from 'lit';
import type * as MonacoApi from 'monaco-editor/editor/editor.api';

type Monaco = typeof MonacoApi;

/**
 * The program editor (Monaco, Python highlighting). Monaco is fetched with a
 * dynamic import after the first render, so the page is usable before it
 * arrives: until then (and for good if it cannot load) a plain text box holds the
 * program, editable, Ctrl+Enter runs it; Monaco takes over its text when it comes.
 *
 * Renders in light DOM: Monaco injects its CSS into the document and does not
 * style editors inside shadow roots.
 *
 * Events: `program-change` {code} on every edit, `run-request` on Ctrl+Enter.
 */
export class CodeEditor extends LitElement {
  static override properties = {
    loading: { state: true },
    loadError: { state: true },
  };

  declare loading: boolean;
  declare loadError: string | undefined;

  private monaco: Monaco | undefined;
  private editor: MonacoApi.editor.IStandaloneCodeEditor | undefined;
  private errorDecorations: MonacoApi.editor.IEditorDecorationsCollection | undefined;
  private pendingValue = '';
  private pendingError: { line: number; message: string } | undefined;
  private stepDecorations: MonacoApi.editor.IEditorDecorationsCollection | undefined;
  /** The stepper's line about to run (kept until Monaco has loaded). */
  private stepLine: number | undefined;
  /** The line the stepper ran last (marked faintly beside the next one). */
  private ranLine: number | undefined;
  private marked: number | undefined;
  /** Resolves once Monaco is on screen (or failed to load). */
  readonly ready: Promise<void>;
  private resolveReady!: () => void;

  constructor() {
    super();
    this.loading = true;
    this.loadError = undefined;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** The program text. */
  get value(): string {
    return this.editor ? this.editor.getValue() : this.pendingValue;
  }

  set value(code: string) {
    if (this.editor) {
      if (this.editor.getValue() !== code) this.editor.setValue(code);
    } else {
      this.pendingValue = code;
      const plain = this.plain;
      if (plain && plain.value !== code) plain.value = code;
    }
  }

  /** The plain text box shown until Monaco is on screen. */
  private get plain(): HTMLTextAreaElement | null {
    return this.querySelector<HTMLTextAreaElement>('textarea.phl-editor-plain');
  }

  /** The line currently marked as failing (1-based), or undefined. */
  get markedLine(): number | undefined {
    return this.marked;
  }

  /** Marks the line a traceback points at: red line, gutter marker, hover/problem message. */
  markError(line: number, message: string): void {
    this.marked = line;
    const monaco = this.monaco;
    const model = this.editor?.getModel();
    if (!monaco || !model || !this.editor) {
      this.pendingError = { line, message };
      return;
    }
    const lineNumber = Math.min(Math.max(1, line), model.getLineCount());
    monaco.editor.setModelMarkers(model, 'run', [
      {
        severity: monaco.MarkerSeverity.Error,
        message,
        startLineNumber: lineNumber,
        startColumn: model.getLineFirstNonWhitespaceColumn(lineNumber) || 1,
        endLineNumber: lineNumber,
        endColumn: model.getLineMaxColumn(lineNumber),
      },
    ]);
    this.errorDecorations?.clear();
    this.errorDecorations = this.editor.createDecorationsCollection([
      {
        range: new monaco.Range(lineNumber, 1, lineNumber, 1),
        options: {
          isWholeLine: true,
          className: 'phl-error-line',
          linesDecorationsClassName: 'phl-error-gutter',
          hoverMessage: { value: message },
          overviewRuler: { color: '#cf222e', position: monaco.editor.OverviewRulerLane.Full },
        },
      },
    ]);
    this.editor.revealLineInCenterIfOutsideViewport(lineNumber);
  }

  /**
   * Marks the line the stepper is about to run (a band and a bar in the gutter) and, more faintly,
   * the line it has just run; undefined clears both.
   */
  markStep(line: number | undefined, ranLine?: number): void {
    // The app calls this on every render: redraw only when a line changed (or Monaco just loaded).
    if (line === this.stepLine && ranLine === this.ranLine && (line === undefined || this.stepDecorations)) return;
    this.stepLine = line;
    this.ranLine = ranLine;
    const monaco = this.monaco;
    const model = this.editor?.getModel();
    if (!monaco || !model || !this.editor) return;
    this.stepDecorations?.clear();
    this.stepDecorations = undefined;
    if (line === undefined) return;
    const lineNumber = Math.min(Math.max(1, line), model.getLineCount());
    const ran =
      ranLine !== undefined && ranLine !== line
        ? [
            {
              range: new monaco.Range(Math.min(Math.max(1, ranLine), model.getLineCount()), 1, ranLine, 1),
              options: { isWholeLine: true, className: 'phl-ran-line', linesDecorationsClassName: 'phl-ran-gutter' },
            },
          ]
        : [];
    this.stepDecorations = this.editor.createDecorationsCollection([
      ...ran,
      {
        range: new monaco.Range(lineNumber, 1, lineNumber, 1),
        options: {
          isWholeLine: true,
          className: 'phl-step-line',
          linesDecorationsClassName: 'phl-step-gutter',
          overviewRuler: { color: '#0969da', position: monaco.editor.OverviewRulerLane.Full },
        },
      },
    ]);
    this.editor.revealLineInCenterIfOutsideViewport(lineNumber);
  }

  /** The line the cursor is on (Run to cursor), once Monaco has loaded. */
  get cursorLine(): number | undefined {
    return this.editor?.getPosition()?.lineNumber;
  }

  /** The line marked as the next to run, if any. */
  get steppedLine(): number | undefined {
    return this.stepLine;
  }

  clearError(): void {
    this.marked = undefined;
    this.pendingError = undefined;
    this.errorDecorations?.clear();
    const model = this.editor?.getModel();
    if (this.monaco && model) this.monaco.editor.setModelMarkers(model, 'run', []);
  }

  override focus(): void {
    if (this.editor) this.editor.focus();
    else this.plain?.focus();
  }

  override render() {
    return html`
      <div class="phl-editor-host" role="region" aria-label="Program editor"></div>
      ${
        this.editor
          ? nothing
          : html`<div class="phl-editor-fallback">
              <textarea
                class="phl-editor-plain"
                aria-label="Python program editor (plain text until the full editor has loaded). Control+Enter runs."
                spellcheck="false"
                .value=${this.pendingValue}
                @input=${this.onPlainInput}
                @keydown=${this.onPlainKey}
              ></textarea>
              ${this.loading ? html`<div class="phl-editor-loading" role="status">Loading editor…</div>` : nothing}
              ${
                this.loadError
                  ? html`<div class="phl-editor-failed" role="alert">
                      The full editor could not load (${this.loadError}): this plain box still edits and runs your
                      program. Reload the page to try again.
                    </div>`
                  : nothing
              }
            </div>`
      }
    `;
  }

  protected override firstUpdated(): void {
    void this.loadMonaco();
  }

  private readonly onPlainInput = (event: Event): void => {
    this.pendingValue = (event.target as HTMLTextAreaElement).value;
    this.dispatchEvent(
      new CustomEvent('program-change', { detail: { code: this.pendingValue }, bubbles: true, composed: true }),
    );
  };

  private readonly onPlainKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('run-request', { bubbles: true, composed: true }));
    }
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.editor?.getModel()?.dispose();
    this.editor?.dispose();
    this.editor = undefined;
  }

  private async loadMonaco(): Promise<void> {
    try {
      const { monaco } = await import('./monaco/monaco-setup');
      const host = this.querySelector<HTMLElement>('.phl-editor-host');
      if (!host || !this.isConnected) return;
      this.monaco = monaco;
      // What was typed in the plain box meanwhile, and where the caret was, carry over.
      const plain = this.plain;
      const hadFocus = plain !== null && document.activeElement === plain;
      const caret = plain?.selectionStart ?? 0;
      if (plain) this.pendingValue = plain.value;
      const model = monaco.editor.createModel(this.pendingValue, 'python');
      model.updateOptions({ tabSize: 4, insertSpaces: true });
      const editor = monaco.editor.create(host, {
        model,
        automaticLayout: true,
        minimap: { enabled: false },
        fontFamily: getComputedStyle(this).getPropertyValue('--phl-mono').trim() || 'monospace',
        fontSize: 14,
        lineNumbersMinChars: 3,
        // The last (empty) line's number in full colour: Monaco's dimmed one is below 4.5:1 contrast.
        renderFinalNewline: 'on',
        scrollBeyondLastLine: false,
        renderLineHighlight: 'line',
        // Tab indents Python, so say how to leave the editor with the keyboard (Monaco's tab-focus mode).
        ariaLabel:
          'Python program editor. Press Control+Enter to run. ' +
          'Tab indents: press Control+M first to move the focus with Tab.',
        tabSize: 4,
        detectIndentation: false,
        glyphMargin: false,
        fixedOverflowWidgets: true,
      });
      this.editor = editor;
      if (hadFocus) {
        editor.setPosition(model.getPositionAt(caret));
        editor.focus();
      }
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => {
        this.dispatchEvent(new CustomEvent('run-request', { bubbles: true, composed: true }));
      });
      model.onDidChangeContent(() => {
        // An edit makes the old traceback's line number meaningless.
        if (this.marked !== undefined) this.clearError();
        this.dispatchEvent(
          new CustomEvent('program-change', { detail: { code: model.getValue() }, bubbles: true, composed: true }),
        );
      });
      if (this.pendingError) this.markError(this.pendingError.line, this.pendingError.message);
      if (this.stepLine !== undefined) {
        const line = this.stepLine;
        this.stepLine = undefined; // not drawn yet
        this.markStep(line);
      }
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
      this.resolveReady();
    }
  }
}

customElements.define('phl-code-editor', CodeEditor);

declare global {
  interface HTMLElementTagNameMap {
    'phl-code-editor': CodeEditor;
  }
}
