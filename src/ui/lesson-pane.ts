import { LitElement, css, html } from 'lit';

/** The lesson pane (left). A placeholder until the lessons issue fills it from lessons/*.md. */
export class LessonPane extends LitElement {
  static override styles = css`
    :host {
      display: block;
      overflow: auto;
      padding: 16px 18px;
      box-sizing: border-box;
      background: var(--phl-surface);
      color: var(--phl-text);
      font: var(--phl-font-size) / 1.55 var(--phl-font);
    }
    h2 {
      margin: 0 0 8px;
      font-size: 15px;
    }
    p {
      margin: 0 0 10px;
      color: var(--phl-text-muted);
    }
    code {
      font-family: var(--phl-mono);
      font-size: 0.92em;
    }
  `;

  override render() {
    return html`
      <h2>Lesson</h2>
      <p>Lessons will appear here.</p>
      <p>
        For now: the editor holds a small program about <em>aliasing</em> — two names, one list. Press
        <strong>Run</strong> (or <code>Ctrl+Enter</code>) and read the output in the terminal below the editor.
      </p>
      <p>You can also type Python straight into the terminal's <code>&gt;&gt;&gt;</code> prompt.</p>
    `;
  }
}

customElements.define('phl-lesson-pane', LessonPane);

declare global {
  interface HTMLElementTagNameMap {
    'phl-lesson-pane': LessonPane;
  }
}
