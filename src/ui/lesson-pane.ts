import { LitElement, css, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { LessonProgress } from '../app/lesson-progress';
import type { Lesson, LessonPart } from '../lessons/lesson-file';
import { renderLessonMarkdown } from './lesson-markdown';
import './exercise-card';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The lesson pane (left): a lesson list, the lesson's text (Markdown, sanitised), its runnable
 * blocks with Open in editor and Step through, and its exercises. Progress (visited, solved)
 * shows in the list. Events: `lesson-open` ({ slug }), `open-code` and `step-code` ({ code }),
 * and the exercise cards' `exercise-run` / `exercise-solved`.
 */
export class LessonPane extends LitElement {
  static override properties = {
    lessons: { attribute: false },
    problems: { attribute: false },
    progress: { attribute: false },
    current: {},
    boardId: {},
    shared: { attribute: false },
  };

  declare lessons: Lesson[] | undefined;
  declare problems: string[];
  declare progress: LessonProgress;
  /** The slug of the lesson shown. */
  declare current: string | undefined;
  declare boardId: string | undefined;
  /** The share link just made (shown to copy), or why none could be made. */
  declare shared: { url: string; copied: boolean; error?: string } | undefined;

  /** Rendered Markdown by part, so typing in an exercise never re-renders the lesson text. */
  private readonly htmlCache = new WeakMap<LessonPart, string>();

  constructor() {
    super();
    this.problems = [];
    this.progress = { visited: [], solved: {} };
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      box-sizing: border-box;
      background: var(--phl-surface);
      color: var(--phl-text);
      font: var(--phl-font-size) / 1.55 var(--phl-font);
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 12px;
      border-bottom: 1px solid var(--phl-border);
    }
    header select {
      flex: 1;
      min-width: 0;
      font: inherit;
      font-size: 13px;
      padding: 2px 4px;
    }
    .shared {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 6px 12px;
      border-bottom: 1px solid var(--phl-border);
      font-size: 12.5px;
    }
    .shared input {
      flex: 1;
      min-width: 0;
      font: 12px var(--phl-mono);
    }
    .shared button.close {
      padding: 0 6px;
    }
    .body {
      flex: 1;
      overflow: auto;
      padding: 8px 18px 16px;
    }
    h2 {
      margin: 6px 0 2px;
      font-size: 17px;
    }
    .summary {
      margin: 0 0 10px;
      color: var(--phl-text-muted);
    }
    .progress {
      font-size: 12px;
      color: var(--phl-text-muted);
    }
    .resume {
      margin: 0 0 8px;
      font-size: 12.5px;
      color: var(--phl-text-muted);
    }
    .board-note {
      margin: 8px 0;
      padding: 6px 10px;
      border-radius: 4px;
      background: #fff4d6;
      color: #5a4300;
      font-size: 13px;
    }
    .md :is(p, ul, ol) {
      margin: 0 0 10px;
    }
    .md li {
      margin: 2px 0;
    }
    .md blockquote {
      margin: 8px 0;
      padding: 4px 10px;
      border-left: 3px solid var(--phl-border);
      color: var(--phl-text-muted);
    }
    code {
      font-family: var(--phl-mono);
      font-size: 0.92em;
    }
    .md :not(pre) > code {
      cursor: default;
      padding: 0 3px;
      border-radius: 3px;
      background: var(--phl-bg, #fff);
    }
    .block {
      margin: 10px 0 12px;
    }
    .block pre,
    .md pre {
      margin: 0;
      padding: 8px 10px;
      overflow-x: auto;
      background: var(--phl-bg, #fff);
      border: 1px solid var(--phl-border);
      border-radius: 6px;
      font: 12.5px/1.45 var(--phl-mono);
    }
    .block .actions {
      display: flex;
      gap: 8px;
      margin-top: 4px;
    }
    button {
      font: inherit;
      font-size: 12.5px;
      padding: 2px 10px;
      border-radius: 4px;
      border: 1px solid var(--phl-border);
      background: var(--phl-bg, #fff);
      color: var(--phl-text);
      cursor: pointer;
    }
    nav.pager {
      display: flex;
      justify-content: space-between;
      margin-top: 16px;
    }
    .problems {
      color: #8a1c0b;
      font-size: 12.5px;
    }
  `;

  override render() {
    const lessons = this.lessons;
    if (!lessons) return html`<div class="body"><p class="summary">Loading the lessons…</p></div>`;
    const index = Math.max(
      0,
      lessons.findIndex((l) => l.slug === this.current),
    );
    const lesson = lessons[index];
    return html`
      <header>
        <select aria-label="Lesson" .value=${lesson?.slug ?? ''} @change=${this.onSelect}>
          ${lessons.map((l) => html`<option value=${l.slug} ?selected=${l === lesson}>${this.optionText(l)}</option>`)}
        </select>
        <button
          class="share"
          title="A link to your program, this lesson and the step shown: send it to a teacher or a classmate"
          @click=${() => this.fire('share-request', {})}
        >
          Share
        </button>
      </header>
      ${this.renderShared()}
      <div class="body">
        ${
          this.problems.length
            ? html`<p class="problems">Some lessons could not be loaded: ${this.problems.join('; ')}</p>`
            : nothing
        }
        ${lesson ? this.renderLesson(lesson, index) : html`<p class="summary">No lessons.</p>`}
      </div>
    `;
  }

  private optionText(l: Lesson): string {
    return `${l.order}. ${l.title}${this.mark(l)}${this.progress.visited.includes(l.slug) ? '' : ' (new)'}`;
  }

  /** "Last time you stepped to step N": a way back there (the program is stepped again). */
  private renderResume(lesson: Lesson) {
    const last = this.progress.lastStep?.[lesson.slug];
    if (!last || last.step < 2) return nothing;
    return html`<p class="resume">
      Last time you stepped a program here to step ${last.step}.
      <button class="resume-step" @click=${() => this.fire('resume-step', last)}>Step there again</button>
    </p>`;
  }

  private renderShared() {
    const shared = this.shared;
    if (!shared) return nothing;
    return html`<div class="shared" role="status">
      ${
        shared.error
          ? html`<span>No link: ${shared.error}.</span>`
          : html`<span>${shared.copied ? 'Link copied to the clipboard:' : 'Copy this link:'}</span>
              <input
                class="share-url"
                readonly
                aria-label="Share link"
                .value=${shared.url}
                @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
              />`
      }
      <button class="close" aria-label="Close" @click=${() => this.fire('share-close', {})}>×</button>
    </div>`;
  }

  /** How far the learner got in a lesson, for the list: "✓" when every exercise is solved. */
  private mark(lesson: Lesson): string {
    const solved = (this.progress.solved[lesson.slug] ?? []).filter((id) => lesson.exercises.some((e) => e.id === id));
    const total = lesson.exercises.length;
    if (total > 0 && solved.length === total) return ' ✓';
    if (solved.length > 0) return ` · ${solved.length}/${total}`;
    return '';
  }

  private renderLesson(lesson: Lesson, index: number) {
    const lessons = this.lessons!;
    const solved = this.progress.solved[lesson.slug] ?? [];
    const board = this.boardId as Lesson['boards'][number] | undefined;
    const wrongBoard = board !== undefined && !lesson.boards.includes(board);
    return html`
      <article aria-labelledby="lesson-title">
        <h2 id="lesson-title">${lesson.title}</h2>
        <p class="summary">${lesson.summary}</p>
        <p class="progress">
          ${solved.length} of ${lesson.exercises.length} exercise${lesson.exercises.length === 1 ? '' : 's'} solved
        </p>
        ${this.renderResume(lesson)}
        ${
          wrongBoard
            ? html`<p class="board-note" role="note">
                This lesson needs a Pico's fixed-size heap, which the browser board does not have (its heap grows when
                it runs out). Choose <strong>Virtual Pico</strong> in the Board menu, or a real Pico.
              </p>`
            : nothing
        }
        ${lesson.parts.map((part) => this.renderPart(part, solved, lesson.slug))}
        <nav class="pager" aria-label="Lessons">
          ${
            index > 0
              ? html`<button class="prev" @click=${() => this.open(lessons[index - 1].slug)}>
                  ← ${lessons[index - 1].title}
                </button>`
              : html`<span></span>`
          }
          ${
            index < lessons.length - 1
              ? html`<button class="next" @click=${() => this.open(lessons[index + 1].slug)}>
                  ${lessons[index + 1].title} →
                </button>`
              : nothing
          }
        </nav>
      </article>
    `;
  }

  private renderPart(part: LessonPart, solved: string[], slug: string) {
    switch (part.t) {
      case 'markdown': {
        let rendered = this.htmlCache.get(part);
        if (rendered === undefined) {
          rendered = renderLessonMarkdown(part.text);
          this.htmlCache.set(part, rendered);
        }
        return html`<div
          class="md"
          @mouseover=${this.onPoint}
          @mouseout=${this.onLeave}
          @focusin=${this.onPoint}
          @focusout=${this.onLeave}
        >
          ${unsafeHTML(rendered)}
        </div>`;
      }
      case 'code':
        return html`<div class="block">
          <pre><code>${part.block.code}</code></pre>
          <div class="actions">
            <button
              class="open-code"
              @click=${() => this.fire('open-code', { code: part.block.code, callouts: part.block.callouts ?? [] })}
            >
              Open in editor
            </button>
            <button
              class="step-code"
              @click=${() => this.fire('step-code', { code: part.block.code, callouts: part.block.callouts ?? [] })}
            >
              Step through
            </button>
          </div>
        </div>`;
      case 'exercise':
        // Keyed: a card never carries one exercise's answer over to another lesson's.
        return keyed(
          `${slug}/${part.exercise.id}`,
          html`<phl-exercise-card
            .exercise=${part.exercise}
            ?solved=${solved.includes(part.exercise.id)}
          ></phl-exercise-card>`,
        );
    }
  }

  /** A name in the text (`list1` in code style) points at its box in the graph while hovered. */
  private readonly onPoint = (ev: Event) => {
    const code = (ev.target as Element | null)?.closest?.('code');
    const name = code?.textContent?.trim() ?? '';
    if (code && !code.closest('pre') && IDENTIFIER.test(name)) this.fire('name-point', { name });
  };

  private readonly onLeave = (ev: Event) => {
    if ((ev.target as Element | null)?.closest?.('code')) this.fire('name-point', { name: undefined });
  };

  private readonly onSelect = (ev: Event) => {
    this.open((ev.target as HTMLSelectElement).value);
  };

  private open(slug: string): void {
    this.fire('lesson-open', { slug });
    this.renderRoot.querySelector('.body')?.scrollTo({ top: 0 });
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('phl-lesson-pane', LessonPane);

declare global {
  interface HTMLElementTagNameMap {
    'phl-lesson-pane': LessonPane;
  }
}
