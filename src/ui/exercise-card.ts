import { LitElement, css, html, nothing } from 'lit';
import type { Exercise } from '../lessons/exercise';
import { grade, samePairs, type ExerciseRun, type Grade, type LearnerAnswer } from '../lessons/grade';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderInlineMarkdown } from './lesson-markdown';

/** Inline Markdown of the lesson's author, sanitised. */
const md = (text: string) => unsafeHTML(renderInlineMarkdown(text));

/** What the card asks the app for: run a program for this exercise and hand back the heap it left. */
export interface ExerciseRunRequest {
  exercise: Exercise;
  /** 'lesson': the exercise's own program; 'editor': the learner's program (fix exercises). */
  source: 'lesson' | 'editor';
  respond(run: ExerciseRun | undefined): void;
}

/**
 * One exercise of a lesson: the question, a way to answer it (pick pairs, a number, the output,
 * or the learner's own program), Check and Show answer. Both run the program on the board and
 * grade from the heap it leaves (src/lessons/grade.ts): no answer is stored in the lesson.
 * Events: `exercise-run` (ExerciseRunRequest), `exercise-solved` ({ id }), `open-code` ({ code }).
 */
export class ExerciseCard extends LitElement {
  static override properties = {
    exercise: { attribute: false },
    solved: { type: Boolean },
    pairs: { state: true },
    text: { state: true },
    result: { state: true },
    revealed: { state: true },
    working: { state: true },
    problem: { state: true },
  };

  declare exercise: Exercise;
  /** Solved in an earlier visit (progress). */
  declare solved: boolean;
  declare pairs: Set<string>;
  declare text: string;
  declare result: Grade | undefined;
  declare revealed: Grade | undefined;
  declare working: boolean;
  /** Why the last Check could not run (the board was not ready, or the run was stopped). */
  declare problem: string | undefined;

  constructor() {
    super();
    this.solved = false;
    this.pairs = new Set();
    this.text = '';
    this.working = false;
  }

  static override styles = css`
    :host {
      display: block;
      margin: 14px 0;
      padding: 10px 12px;
      border: 1px solid var(--phl-border);
      border-left: 3px solid var(--phl-accent, #2f6fdf);
      border-radius: 6px;
      background: var(--phl-bg, #fff);
    }
    .kind {
      font-size: 11px;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--phl-text-muted);
    }
    .solved-mark {
      color: var(--phl-ok, #1a7f37);
      font-weight: 600;
    }
    p.question {
      margin: 4px 0 8px;
      color: var(--phl-text);
      font-weight: 500;
    }
    pre {
      margin: 6px 0;
      padding: 6px 8px;
      overflow-x: auto;
      background: var(--phl-surface);
      border-radius: 4px;
      font: 12px/1.45 var(--phl-mono);
    }
    label.pair {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      margin: 2px 10px 2px 0;
      font-family: var(--phl-mono);
      font-size: 12.5px;
    }
    input[type='number'] {
      width: 6em;
    }
    textarea {
      width: 100%;
      box-sizing: border-box;
      min-height: 3.2em;
      font: 12.5px/1.4 var(--phl-mono);
    }
    .actions {
      display: flex;
      gap: 8px;
      margin-top: 8px;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      font-size: 13px;
      padding: 3px 10px;
      border-radius: 4px;
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      cursor: pointer;
    }
    button.primary {
      background: var(--phl-accent, #2f6fdf);
      border-color: var(--phl-accent, #2f6fdf);
      color: #fff;
    }
    button:disabled {
      opacity: 0.55;
      cursor: default;
    }
    .feedback {
      margin-top: 8px;
      padding: 6px 8px;
      border-radius: 4px;
      font-size: 13px;
    }
    .feedback.right {
      background: #e6f4ea;
      color: #124a21;
    }
    .feedback.wrong {
      background: #fdecea;
      color: #6d1b12;
    }
    .feedback.answer {
      background: var(--phl-surface);
      color: var(--phl-text);
    }
    .feedback ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    .feedback li {
      font-family: var(--phl-mono);
      font-size: 12px;
    }
    .feedback li:first-child {
      font-family: inherit;
      font-size: 13px;
    }
    code {
      font-family: var(--phl-mono);
      font-size: 0.92em;
    }
    .hint {
      color: var(--phl-text-muted);
      font-size: 12.5px;
    }
  `;

  override render() {
    const e = this.exercise;
    if (!e) return nothing;
    const result = this.result;
    return html`
      <div class="kind">
        Exercise · ${KIND_LABEL[e.kind]}
        ${this.solved || result?.correct ? html`<span class="solved-mark">✓ solved</span>` : nothing}
      </div>
      <p class="question">${md(e.question)}</p>
      ${e.kind !== 'fix' ? html`<pre aria-label="The program">${e.program}</pre>` : nothing} ${this.renderInput(e)}
      <div class="actions">
        <button class="primary check" ?disabled=${this.working} @click=${this.check}>
          ${this.working ? 'Running on the board…' : e.kind === 'fix' ? 'Check my program' : 'Check'}
        </button>
        ${
          e.kind !== 'fix'
            ? html`<button class="reveal" ?disabled=${this.working} @click=${this.reveal}>Show answer</button>`
            : nothing
        }
      </div>
      ${this.problem ? html`<p class="hint" role="status">${this.problem}</p>` : nothing}
      ${e.hint && result && !result.correct ? html`<p class="hint">Hint: ${md(e.hint)}</p>` : nothing}
      ${result ? this.renderGrade(result, result.correct ? 'right' : 'wrong') : nothing}
      ${this.revealed && !result?.correct ? this.renderAnswer(this.revealed) : nothing}
    `;
  }

  private renderInput(e: Exercise) {
    switch (e.kind) {
      case 'same': {
        const names = e.names ?? [];
        const pairs: [string, string][] = [];
        for (let i = 0; i < names.length; i++)
          for (let j = i + 1; j < names.length; j++) pairs.push([names[i], names[j]]);
        return html`<div role="group" aria-label="Pairs that refer to the same object">
          ${pairs.map(([a, b]) => {
            const key = `${a} ${b}`;
            return html`<label class="pair"
              ><input
                type="checkbox"
                .checked=${this.pairs.has(key)}
                @change=${(ev: Event) => this.togglePair(key, (ev.target as HTMLInputElement).checked)}
              />${a} is ${b}</label
            >`;
          })}
        </div>`;
      }
      case 'count':
        return html`<label
          >Number of ${e.which === 'garbage' ? 'unreachable' : 'live'} <code>${e.type}</code> objects:
          <input type="number" min="0" .value=${this.text} @input=${this.onText}
        /></label>`;
      case 'prints':
        return html`<label
          >What it prints:
          <textarea aria-label="What the program prints" .value=${this.text} @input=${this.onText}></textarea>
        </label>`;
      case 'fix':
        return html`<div class="actions">
          <button class="open-starter" @click=${() => this.fire('open-code', { code: e.starter ?? '' })}>
            Open the program in the editor
          </button>
        </div>`;
    }
  }

  private renderGrade(result: Grade, tone: 'right' | 'wrong') {
    const [first, ...rest] = result.feedback;
    return html`<div class="feedback ${tone}" role="status">
      <ul>
        <li>${first}</li>
        ${rest.map((line) => html`<li>${line}</li>`)}
      </ul>
      ${result.correct && this.exercise.explain ? html`<p>${md(this.exercise.explain)}</p>` : nothing}
    </div>`;
  }

  private renderAnswer(answer: Grade) {
    return html`<div class="feedback answer" role="status">
      <strong>From the heap:</strong> <span class="answer-text">${answer.answer || '(nothing)'}</span>
      ${this.exercise.explain ? html`<p>${md(this.exercise.explain)}</p>` : nothing}
    </div>`;
  }

  private togglePair(key: string, on: boolean): void {
    const next = new Set(this.pairs);
    if (on) next.add(key);
    else next.delete(key);
    this.pairs = next;
  }

  private readonly onText = (ev: Event) => {
    this.text = (ev.target as HTMLInputElement | HTMLTextAreaElement).value;
  };

  private answer(): LearnerAnswer {
    switch (this.exercise.kind) {
      case 'same':
        return { kind: 'same', pairs: [...this.pairs].map((k) => k.split(' ') as [string, string]) };
      case 'count':
        return { kind: 'count', count: this.text.trim() === '' ? NaN : Number(this.text) };
      case 'prints':
        return { kind: 'prints', text: this.text };
      case 'fix':
        return { kind: 'fix' };
    }
  }

  private async runOnBoard(): Promise<ExerciseRun | undefined> {
    const exercise = this.exercise;
    this.problem = undefined;
    const run = await new Promise<ExerciseRun | undefined>((respond) =>
      this.fire('exercise-run', {
        exercise,
        source: exercise.kind === 'fix' ? 'editor' : 'lesson',
        respond,
      } satisfies ExerciseRunRequest),
    );
    if (!run)
      this.problem = 'The program could not run on the board just now (see the terminal), so nothing was checked.';
    return run;
  }

  private readonly check = () =>
    this.gradeOnBoard((graded, run) => {
      this.result = graded;
      if (!graded.correct) return;
      this.fire('exercise-solved', { id: this.exercise.id });
      this.annotate(run);
    });

  private readonly reveal = () =>
    this.gradeOnBoard((graded, run) => {
      this.revealed = graded;
      this.annotate(run);
    });

  /** Runs the program on the board and grades the answer against its heap (Check and Show answer). */
  private async gradeOnBoard(then: (graded: Grade, run: ExerciseRun) => void): Promise<void> {
    this.working = true;
    try {
      const run = await this.runOnBoard();
      if (run) then(grade(this.exercise, this.answer(), run), run);
    } finally {
      this.working = false;
    }
  }

  /** The answer, pinned in the graph beside the objects: which names share one. */
  private annotate(run: ExerciseRun): void {
    const names = this.exercise.kind === 'same' ? (this.exercise.names ?? []) : [];
    if (names.length === 0) return;
    // One note per object: the names that share it, or the one name that has it alone.
    const group = new Map(names.map((n) => [n, [n]]));
    for (const [a, b] of samePairs(names, run.snapshot)) {
      const merged = [...new Set([...group.get(a)!, ...group.get(b)!])];
      for (const n of merged) group.set(n, merged);
    }
    const callouts = [...new Set(group.values())].map((names) => ({
      name: names[0],
      text: names.length > 1 ? `${names.join(', ')}: one object` : `${names[0]}: an object of its own`,
    }));
    this.fire('exercise-callouts', { callouts });
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

const KIND_LABEL: Record<Exercise['kind'], string> = {
  same: 'which names share an object?',
  count: 'count the objects',
  prints: 'what does it print?',
  fix: 'fix the program',
};

customElements.define('phl-exercise-card', ExerciseCard);

declare global {
  interface HTMLElementTagNameMap {
    'phl-exercise-card': ExerciseCard;
  }
}
