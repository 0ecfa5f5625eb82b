import type { Callout } from '../lessons/lesson-file';
import type { HeapSnapshot } from '../model/heap-snapshot';
import { diffSteps, NO_DIFF, type StepDiff } from '../graph/step-diff';
import { LitElement, css, html, nothing } from 'lit';
import type { HeapView } from '../app/heap-inspector';
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from '../graph/graph-layout-types';
import type { HeapGraph } from './heap-graph';
import './heap-graph';
import './heap-map';
import type { StepHeapPoint } from './step-chart';
import './step-chart';

/**
 * The heap pane (right): a status line with Inspect and the view toggles, the reference graph
 * over the block memory map. It keeps one selection for both (an object's address): selecting in
 * either highlights it in the other. It fires `inspect` for a snapshot on request.
 * Spec: heap-pane.md beside this file.
 */
export class HeapPane extends LitElement {
  static override properties = {
    heap: { attribute: false },
    boardLabel: { attribute: false },
    selected: { state: true },
    options: { state: true },
    layoutMs: { state: true },
    steps: { attribute: false },
    stepPosition: { attribute: false },
    diffBase: { attribute: false },
    namedHighlight: { attribute: false },
    callouts: { attribute: false },
  };

  declare heap: HeapView | undefined;
  declare boardLabel: string;
  declare selected: string | undefined;
  declare options: GraphOptions;
  /** Layout + render of the current snapshot (ms), measured by the graph. */
  declare layoutMs: number | undefined;
  /** The heap across the steps taken while stepping (the chart under the map), and the step shown. */
  declare steps: readonly StepHeapPoint[];
  declare stepPosition: number;
  /** The previous step's heap (while a step is shown): what changed since is marked in graph and map. */
  declare diffBase: HeapSnapshot | undefined;
  /** A name the learner points at in the lesson: highlighted in the graph. */
  declare namedHighlight: string | undefined;
  /** Notes pinned beside what names refer to (the lesson's, an exercise's answer). */
  declare callouts: readonly Callout[];
  private diffMemo: { base: HeapSnapshot; snapshot: HeapSnapshot; diff: StepDiff } | undefined;
  private layoutSerial = -1;

  constructor() {
    super();
    this.steps = [];
    this.stepPosition = -1;
    this.boardLabel = '';
    this.options = DEFAULT_GRAPH_OPTIONS;
  }

  static override styles = css`
    :host {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr) minmax(0, 0.6fr) auto;
      gap: 1px;
      background: var(--phl-border);
      color: var(--phl-text);
      font: var(--phl-font-size) / 1.4 var(--phl-font);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 6px 10px;
      background: var(--phl-surface);
    }
    h2 {
      margin: 0;
      font-size: 15px;
    }
    /* Their muted text needs a light ground (on the border grey it fell below 4.5:1). */
    phl-heap-map,
    phl-step-chart {
      background: var(--phl-bg);
    }
    .status {
      flex: 1 1 100%;
      order: 3;
      color: var(--phl-text-muted);
      font-size: 12px;
      min-height: 1.4em;
    }
    .status.error {
      color: var(--phl-danger);
    }
    .spacer {
      flex: 1 1 auto;
    }
    button {
      font: 12.5px var(--phl-font);
      border-radius: var(--phl-radius);
      border: 1px solid var(--phl-border);
      background: var(--phl-surface);
      color: var(--phl-text);
      padding: 3px 10px;
      cursor: pointer;
    }
    button:disabled {
      cursor: default;
      color: var(--phl-text-muted);
    }
    button:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--phl-focus);
      outline-offset: 1px;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      font-size: 12.5px;
      color: var(--phl-text-muted);
      white-space: nowrap;
    }
    phl-heap-graph,
    phl-heap-map,
    .step-diff {
      flex: 1 1 100%;
      font-size: 12px;
      color: var(--phl-text-muted);
    }
    .step-diff .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      margin-right: 6px;
      vertical-align: -1px;
      border: 2px solid var(--phl-step-new);
      border-radius: 2px;
    }
    progress.reading {
      width: 120px;
      height: 8px;
      margin-left: 8px;
      vertical-align: middle;
    }
    .message {
      background: var(--phl-surface);
      min-height: 0;
    }
    .message {
      padding: 16px 18px;
      color: var(--phl-text-muted);
    }
  `;

  override render() {
    const heap = this.heap;
    const snapshot = heap?.snapshot;
    const unsupported = heap?.status === 'unsupported';
    const canInspect = heap !== undefined && !unsupported && heap.status !== 'preparing' && heap.status !== 'capturing';
    return html`
      <header>
        <h2>Heap</h2>
        <span class="spacer"></span>
        <label title="Also draw what the firmware keeps alive and what compiling each program leaves">
          <input
            type="checkbox"
            class="show-internal"
            .checked=${this.options.showInternal}
            @change=${(e: Event) => this.setOption({ showInternal: (e.target as HTMLInputElement).checked })}
          />
          Firmware internals
        </label>
        <label title="Draw functions, classes and modules as plain names instead of boxes">
          <input
            type="checkbox"
            class="code-as-names"
            .checked=${this.options.codeAsNames}
            @change=${(e: Event) => this.setOption({ codeAsNames: (e.target as HTMLInputElement).checked })}
          />
          Code as names
        </label>
        <button
          class="inspect"
          ?disabled=${!canInspect}
          title="Read the board's heap now"
          @click=${() => this.dispatchEvent(new CustomEvent('inspect', { bubbles: true, composed: true }))}
        >
          Inspect
        </button>
        <button
          class="save-picture"
          ?disabled=${!snapshot}
          title="Download the graph as an SVG picture"
          @click=${() => this.graph?.savePicture()}
        >
          Save picture
        </button>
        <div class="status ${heap?.status === 'error' ? 'error' : ''}" role="status" aria-live="polite">
          ${this.statusText()}
          ${
            heap?.status === 'capturing' && heap.reading
              ? html`<progress
                  class="reading"
                  aria-label="Memory read so far"
                  max=${heap.reading.expected ?? nothing}
                  value=${heap.reading.expected ? Math.min(heap.reading.bytes, heap.reading.expected) : nothing}
                ></progress>`
              : nothing
          }
        </div>
        ${this.renderDiffSummary()}
      </header>
      ${
        unsupported
          ? html`<div class="message">${heap.message}</div>
              <div class="message"></div>`
          : html`<phl-heap-graph
                .snapshot=${snapshot}
                .options=${this.options}
                .selected=${this.selected}
                .diff=${this.diff}
                .namedHighlight=${this.namedHighlight}
                .callouts=${this.callouts ?? []}
                @object-select=${this.onSelect}
                @options-change=${(e: CustomEvent<GraphOptions>) => (this.options = e.detail)}
                @layout-done=${this.onLayoutDone}
              >
                <span slot="empty">${this.emptyText()}</span>
              </phl-heap-graph>
              <phl-heap-map
                .snapshot=${snapshot}
                .selected=${this.selected}
                .diff=${this.diff}
                .diffBase=${this.diffBase}
                .showInternal=${this.options.showInternal}
                @object-select=${this.onSelect}
              ></phl-heap-map>
              ${
                this.steps.length > 1
                  ? html`<phl-step-chart .points=${this.steps} .position=${this.stepPosition}></phl-step-chart>`
                  : nothing
              }`
      }
    `;
  }

  /** What the step shown changed since the one before (nothing when no step is shown). */
  private get diff(): StepDiff {
    const base = this.diffBase;
    const snapshot = this.heap?.snapshot;
    if (!base || !snapshot) return NO_DIFF;
    const memo = this.diffMemo;
    if (memo?.base === base && memo.snapshot === snapshot) return memo.diff;
    const diff = diffSteps(base, snapshot);
    this.diffMemo = { base, snapshot, diff };
    return diff;
  }

  /** "This step: 1 new object, 2 names or slots changed, 1 freed (list at 0x…)", in the step's colour. */
  private renderDiffSummary() {
    if (!this.diffBase) return nothing;
    const { added, changedSlots, freed } = this.diff;
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const parts = [
      plural(added.size, 'new object', 'new objects'),
      plural(changedSlots.size, 'reference or value changed', 'references or values changed'),
      `${freed.length} freed${
        freed.length > 0
          ? ` (${freed
              .slice(0, 3)
              .map((o) => `${o.type} at ${o.address}`)
              .join(', ')}${freed.length > 3 ? ', …' : ''})`
          : ''
      }`,
    ];
    return html`<div
      class="step-diff"
      data-added=${added.size}
      data-changed=${changedSlots.size}
      data-freed=${freed.length}
    >
      <span class="swatch" aria-hidden="true"></span>This step: ${parts.join(' · ')}
    </div>`;
  }

  private get graph(): HeapGraph | null {
    return this.renderRoot.querySelector('phl-heap-graph');
  }

  private statusText(): string {
    const heap = this.heap;
    if (!heap) return '';
    if (heap.status !== 'ready' || !heap.snapshot) {
      // An older snapshot stays drawn while a new one is read.
      return heap.message || (heap.snapshot ? '' : 'No snapshot yet.');
    }
    const version = heap.snapshot.micropython.version;
    const at = heap.takenAt ? new Date(heap.takenAt).toLocaleTimeString([], { hour12: false }) : '';
    const t = heap.timings;
    const layout = this.layoutSerial === heap.serial ? this.layoutMs : undefined;
    const ms = t ? t.memoryMs + t.decodeMs + (layout ?? 0) : undefined;
    return [
      this.boardLabel,
      `MicroPython ${version}`,
      `snapshot at ${at}`,
      ms !== undefined
        ? `${Math.round(ms)} ms${layout !== undefined ? ' to read, decode, lay out' : ' to read, decode'}`
        : '',
      t?.bytesRead !== undefined ? `${(t.bytesRead / 1024).toFixed(1)} KB read over USB` : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }

  private emptyText(): string {
    const heap = this.heap;
    if (!heap) return '';
    return heap.message || 'Run a program, or type at the REPL: its objects are drawn here.';
  }

  private setOption(patch: Partial<GraphOptions>): void {
    this.options = { ...this.options, ...patch };
  }

  private readonly onSelect = (event: CustomEvent<{ address: string | undefined }>) => {
    event.stopPropagation();
    this.selected = event.detail.address;
  };

  private readonly onLayoutDone = async (event: CustomEvent<{ ms: number }>) => {
    const serial = this.heap?.serial ?? -1;
    const t0 = performance.now();
    await this.graph?.updateComplete;
    this.layoutMs = event.detail.ms + (performance.now() - t0);
    this.layoutSerial = serial;
  };
}

customElements.define('phl-heap-pane', HeapPane);

declare global {
  interface HTMLElementTagNameMap {
    'phl-heap-pane': HeapPane;
  }
}
