import { LitElement, html, nothing } from 'lit';
import { LabController, type LabState } from '../app/lab-controller';
import type { ReplSession } from '../repl/repl-session';
import { virtualPicoSetup, type VirtualPicoSetupState } from '../app/virtual-pico-setup';
import { browserBoardSetup, type BrowserBoardSetupState } from '../app/browser-board-setup';
import type { CodeEditor } from './code-editor';
import { loadLessonLibrary, type LessonLibrary } from '../app/lesson-library';
import { LessonProgressStore, type LessonProgress } from '../app/lesson-progress';
import type { ExerciseRunRequest } from './exercise-card';
import type { Callout } from '../lessons/lesson-file';
import { decodeShare, encodeShare, type SharedState } from '../app/share-link';

/** The share link in the address, if any (nothing outside a browser). */
function readShareLink(): { state: SharedState; problems: string[] } {
  if (typeof location === 'undefined' || !location.hash) return { state: {}, problems: [] };
  return decodeShare(location.hash);
}
import type { StepHeapPoint } from './step-chart';
import type { ReplTerminal } from './repl-terminal';
import './lab-toolbar';
import './message-bar';
import './code-editor';
import './repl-terminal';
import './lesson-pane';
import './heap-pane';
import './pane-splitter';
import './firmware-panel';
import './board-files-strip';
import './usb-pico-strip';
import { offlineState, onOfflineState, updateNow, type OfflineState } from '../offline/register-service-worker';
import type { PaneSplitter } from './pane-splitter';
import { usbPicoSetup, type UsbPicoSetupState } from '../app/usb-pico-setup';
import './step-bar';
import './firmware-help-card';
import './uf2-drop-zone';
import './styles/virtual-pico.css';
import { loadPaneSizes, MIN_PANE_PX, savePaneSizes, type Pane, type PaneSizes } from './pane-sizes';

/** The centre column's minimum width (app.css: minmax(320px, 1fr)). */
const MIN_CENTRE = 320;
/** How long a shared link's step waits for the board to be ready (ms). */
const SHARED_STEP_WAIT_MS = 60_000;
/** How long the focus waits for Run to be enabled again before it stays in the terminal (ms). */
const FOCUS_RETURN_WAIT_MS = 5000;

/**
 * The app shell: toolbar over three panes (docs/architecture.md#look-and-feel) — lesson left, editor
 * over terminal in the centre, heap right — wired to one LabController.
 * Light DOM so Monaco and xterm (global CSS) render correctly inside it.
 */
export class LabApp extends LitElement {
  static override properties = {
    state: { state: true },
    session: { state: true },
    sizes: { state: true },
    picoSetup: { state: true },
    filesSetup: { state: true },
    usbSetup: { state: true },
    offline: { state: true },
    library: { state: true },
    progress: { state: true },
    shared: { state: true },
    pointedName: { state: true },
    callouts: { state: true },
  };

  declare state: LabState;
  declare session: ReplSession | undefined;
  /** Pane sizes in px once the user dragged a splitter (CSS defaults until then), kept across reloads. */
  declare sizes: PaneSizes;
  /** The Virtual Pico's firmware and flash state (firmware strip, help card). */
  declare picoSetup: VirtualPicoSetupState;
  /** The browser board's files (its files strip). */
  declare filesSetup: BrowserBoardSetupState;
  /** The USB Pico's port (its strip). */
  declare usbSetup: UsbPicoSetupState;
  /** The service worker's news: offline use, a new version waiting, cross-origin isolation. */
  declare offline: OfflineState;
  /** The lessons (loaded after the first view). */
  declare library: LessonLibrary | undefined;
  declare progress: LessonProgress;
  private readonly progressStore = new LessonProgressStore();
  /** The last share link made (Share), and whether it reached the clipboard. */
  declare shared: { url: string; copied: boolean; error?: string } | undefined;
  /** A name the learner points at in the lesson text (highlighted in the graph). */
  declare pointedName: string | undefined;
  /** Notes the graph pins beside objects: the lesson block's last opened, or an exercise's answer. */
  declare callouts: readonly Callout[];
  /** What a share link in the address asked for, applied once the page has started. */
  private readonly fromLink = readShareLink();

  readonly controller: LabController;
  private readonly offs: Array<() => void> = [];

  constructor() {
    super();
    this.controller = new LabController();
    this.state = this.controller.state;
    this.session = undefined;
    this.sizes = loadPaneSizes();
    this.picoSetup = virtualPicoSetup.state;
    this.filesSetup = browserBoardSetup.state;
    this.usbSetup = usbPicoSetup.state;
    this.offline = offlineState();
    this.progress = this.progressStore.value;
    this.callouts = [];
    void loadLessonLibrary().then((library) => {
      this.library = library;
      const linked = this.fromLink.state.lesson;
      if (linked && library.lessons.some((l) => l.slug === linked)) this.progress = this.progressStore.open(linked);
      else if (linked) this.controller.note(`The shared link names a lesson this lab does not have ("${linked}").`);
      // The first visit starts at the first lesson: it counts as opened.
      const first = library.lessons[0]?.slug;
      if (!this.progress.current && first) this.progress = this.progressStore.open(first);
    });
    // Boards save their flash only between runs.
    virtualPicoSetup.isIdle = () => !this.controller.state.running;
    browserBoardSetup.isIdle = () => !this.controller.state.running;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offs.push(
      this.controller.onState((state) => {
        this.state = state;
        this.keepStep(state);
      }),
      this.controller.onSession((session) => (this.session = session)),
      this.controller.onNote((text) => this.terminal?.writeNote(text)),
      virtualPicoSetup.onState((state) => (this.picoSetup = state)),
      browserBoardSetup.onState((state) => (this.filesSetup = state)),
      usbPicoSetup.onState((state) => (this.usbSetup = state)),
      onOfflineState((state) => (this.offline = state)),
    );
    window.addEventListener('keydown', this.onGlobalKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this.offs.splice(0)) off();
    window.removeEventListener('keydown', this.onGlobalKey);
    this.paneSizes?.disconnect();
    void this.controller.dispose();
  }

  protected override updated(): void {
    // The stepper's line about to run, marked in the editor while there are steps to look at.
    const { history, position } = this.state.stepper;
    this.editor?.markStep(history[position]?.line, history[position - 1]?.line);
  }

  /** Watches the panes (and the whole app, for the window): splitters follow their sizes after layout. */
  private paneSizes: ResizeObserver | undefined;

  /** Each splitter says the size of its pane and how far it can go (screen readers read them). */
  private readonly syncSplitters = (): void => {
    for (const splitter of this.querySelectorAll<PaneSplitter>('phl-splitter[data-pane]')) {
      const pane = splitter.dataset.pane as Pane;
      const element = this.paneElement(pane);
      if (!element) continue;
      const rect = element.getBoundingClientRect();
      splitter.value = pane === 'terminal' ? rect.height : rect.width;
      splitter.min = MIN_PANE_PX;
      splitter.max = this.paneLimit(pane);
      splitter.growth = pane === 'lesson' ? 1 : -1;
    }
  };

  private paneElement(pane: Pane): HTMLElement | null {
    return this.querySelector<HTMLElement>(
      pane === 'lesson' ? 'phl-lesson-pane' : pane === 'heap' ? 'phl-heap-pane' : 'phl-terminal',
    );
  }

  private paneLimit(pane: Pane): number {
    return pane === 'terminal' ? this.offsetHeight - 200 : this.sidePaneLimit(pane);
  }

  /** The lesson open keeps the step shown, to come back to on a later visit. */
  private keepStep(state: LabState): void {
    const { position, source } = state.stepper;
    const slug = this.progress.current;
    if (slug && source !== undefined && position >= 0)
      this.progress = this.progressStore.stepped(slug, position + 1, source);
  }

  protected override firstUpdated(): void {
    this.paneSizes = new ResizeObserver(this.syncSplitters);
    for (const element of [this, ...(['lesson', 'heap', 'terminal'] as const).map((p) => this.paneElement(p))])
      if (element) this.paneSizes.observe(element);
    const { state: linked, problems } = this.fromLink;
    this.editor!.value = linked.program ?? this.controller.loadProgram();
    if (linked.program !== undefined) this.controller.saveProgram(linked.program);
    // Applied once: a reload keeps what the learner does from here on.
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    // Start after this update has finished: the controller's first state change re-renders.
    void this.updateComplete.then(async () => {
      for (const problem of problems) this.controller.note(`The shared link: ${problem}.`);
      await this.controller.start();
      if (linked.step) await this.stepTo(linked.step);
    });
  }

  /** Steps the editor's program to step `n` (a shared link's), once the board is ready for it. */
  private async stepTo(n: number): Promise<void> {
    const ready = () => this.state.status === 'ready' && this.state.heap.status === 'ready';
    if (!ready()) {
      const came = await new Promise<boolean>((resolve) => {
        const finish = (came: boolean) => {
          clearTimeout(timer);
          off();
          resolve(came);
        };
        const timer = setTimeout(() => finish(false), SHARED_STEP_WAIT_MS);
        const off = this.controller.onState(() => {
          if (ready()) finish(true);
        });
      });
      if (!came) return;
    }
    await this.step();
    while (this.state.stepper.active && this.state.stepper.history.length < n) await this.step();
  }

  /** Back to the step a lesson was left at: its program into the editor, stepped again to there. */
  private async resumeStep({ step, program }: { step: number; program: string }): Promise<void> {
    if (this.state.running || this.state.stepper.active) return;
    this.openCode(program, this.callouts);
    await this.stepTo(step);
  }

  /** Share: a link to the program, the lesson and the step shown, copied to the clipboard when allowed. */
  private readonly share = async () => {
    const { history, position } = this.state.stepper;
    let fragment: string;
    try {
      fragment = encodeShare({
        program: this.editor?.value ?? '',
        lesson: this.progress.current,
        step: history.length > 0 ? position + 1 : undefined,
      });
    } catch (error) {
      this.shared = { url: '', copied: false, error: (error as Error).message };
      return;
    }
    const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard here (permission, an insecure page): the link is shown to copy by hand.
    }
    this.shared = { url, copied };
  };

  /** Each board's state in a few words, for the picker: which can start now, and which need something. */
  private boardNotes(): Record<string, string> {
    const current = this.state.boardId;
    const live = this.state.status === 'ready' || this.state.status === 'busy';
    const notes: Record<string, string> = {};
    for (const entry of this.state.boards) {
      const unavailable = entry.unavailableReason?.();
      if (unavailable) notes[entry.id] = 'not in this browser';
      // Its firmware is looked for when it is first chosen: "needs firmware" only once that found none.
      else if (entry.id === 'virtual-pico' && this.picoSetup.help) notes[entry.id] = 'needs firmware';
      else if (entry.id === 'usb-pico')
        notes[entry.id] =
          current === 'usb-pico' && live ? 'connected' : this.usbSetup.port ? 'not connected' : 'no port chosen';
    }
    return notes;
  }

  /** The port chooser opens in the click itself (browsers allow it only then); then the board connects. */
  private readonly chooseUsbPort = async (e: CustomEvent<{ all: boolean }>): Promise<void> => {
    if (await usbPicoSetup.choosePort({ all: e.detail.all })) await this.controller.selectBoard('usb-pico');
  };

  override render() {
    const s = this.sizes;
    const grid = [
      // Sizes kept from a larger window give way to this one's limits (a side pane at most half of it).
      s.lesson !== undefined ? `--phl-lesson-w:min(${s.lesson}px, 50%)` : '',
      s.heap !== undefined ? `--phl-heap-w:min(${s.heap}px, 50%)` : '',
      s.terminal !== undefined ? `--phl-terminal-h:min(${s.terminal}px, calc(100% - 200px))` : '',
    ].join(';');
    const pico = this.state.boardId === 'virtual-pico';
    return html`
      <header class="phl-banner">
        <phl-toolbar
          .state=${this.state}
          .boardNotes=${this.boardNotes()}
          @board-select=${(e: CustomEvent<{ id: string }>) => void this.controller.selectBoard(e.detail.id)}
          @run=${this.run}
          @step=${this.step}
          @stop=${() => void this.controller.stop()}
          @reset=${() => void this.controller.reset()}
        ></phl-toolbar>
      </header>
      <main class="phl-main" style=${grid} @splitter-move=${this.onSplitterMove}>
        <phl-lesson-pane
          class="phl-pane"
          aria-label="Lesson"
          role="complementary"
          .lessons=${this.library?.lessons}
          .problems=${this.library?.problems ?? []}
          .progress=${this.progress}
          .current=${this.progress.current}
          .boardId=${this.state.boardId}
          @lesson-open=${(e: CustomEvent<{ slug: string }>) => (this.progress = this.progressStore.open(e.detail.slug))}
          @open-code=${(e: CustomEvent<{ code: string; callouts?: Callout[] }>) => this.openCode(e.detail.code, e.detail.callouts)}
          @exercise-callouts=${(e: CustomEvent<{ callouts: Callout[] }>) => (this.callouts = e.detail.callouts)}
          @step-code=${this.stepCode}
          @exercise-run=${this.runExercise}
          @exercise-solved=${this.onSolved}
          .shared=${this.shared}
          @share-request=${this.share}
          @share-close=${() => (this.shared = undefined)}
          @resume-step=${(e: CustomEvent<{ step: number; program: string }>) => void this.resumeStep(e.detail)}
          @name-point=${(e: CustomEvent<{ name: string | undefined }>) => (this.pointedName = e.detail.name)}
        ></phl-lesson-pane>
        <phl-splitter data-pane="lesson" label="Resize the lesson pane"></phl-splitter>
        <section class="phl-centre" aria-label="Program" @firmware-file=${this.onFirmwareFile}>
          <div class="phl-centre-top">
            ${
              this.offline.updateReady
                ? html`<div class="phl-update" role="status">
                    A new version of the lab is ready.
                    <button class="phl-update-now" @click=${() => updateNow()}>Reload to update</button>
                  </div>`
                : nothing
            }
            <phl-message-bar .runError=${this.state.runError} .notice=${this.state.notice}></phl-message-bar>
            <phl-step-bar
              .stepper=${this.state.stepper}
              @step=${this.step}
              @step-back=${() => this.controller.stepBack()}
              @step-to-cursor=${this.stepToCursor}
              @step-to=${(e: CustomEvent<{ position: number }>) => this.controller.stepTo(e.detail.position)}
            ></phl-step-bar>
            ${
              pico
                ? html`<phl-firmware-panel
                    .setup=${this.picoSetup}
                    .status=${this.state.status}
                    .running=${this.state.running}
                    @erase-flash=${this.eraseFlash}
                  ></phl-firmware-panel>`
                : this.state.boardId === 'browser-wasm'
                  ? html`<phl-board-files
                      .setup=${this.filesSetup}
                      .isolated=${this.offline.isolated}
                      .status=${this.state.status}
                      .running=${this.state.running}
                      @erase-flash=${this.eraseBrowserFiles}
                    ></phl-board-files>`
                  : this.state.boardId === 'usb-pico'
                    ? html`<phl-usb-pico-strip
                        .setup=${this.usbSetup}
                        .status=${this.state.status}
                        .detail=${this.state.statusDetail}
                        @usb-choose=${this.chooseUsbPort}
                        @usb-reconnect=${() => void this.controller.selectBoard('usb-pico')}
                        @usb-disconnect=${() => void this.controller.disconnectBoard()}
                      ></phl-usb-pico-strip>`
                    : nothing
            }
          </div>
          <phl-code-editor
            @program-change=${(e: CustomEvent<{ code: string }>) => this.onProgramChange(e.detail.code)}
            @run-request=${this.run}
          ></phl-code-editor>
          <phl-splitter data-pane="terminal" orientation="horizontal" label="Resize the terminal"></phl-splitter>
          <phl-terminal .session=${this.session}></phl-terminal>
          <phl-uf2-drop ?bootsel=${pico && this.state.status === 'bootsel'}></phl-uf2-drop>
          ${
            pico && this.picoSetup.help
              ? html`<phl-firmware-help
                  .help=${this.picoSetup.help}
                  .problems=${this.picoSetup.problems}
                  @board-select=${(e: CustomEvent<{ id: string }>) => void this.controller.selectBoard(e.detail.id)}
                ></phl-firmware-help>`
              : nothing
          }
        </section>
        <phl-splitter data-pane="heap" label="Resize the heap pane"></phl-splitter>
        <phl-heap-pane
          class="phl-pane"
          role="complementary"
          aria-label="Heap"
          .heap=${this.state.heap}
          .steps=${this.stepPoints()}
          .stepPosition=${this.state.stepper.position}
          .diffBase=${this.stepDiffBase()}
          .namedHighlight=${this.pointedName}
          .callouts=${this.callouts}
          .boardLabel=${this.state.boards.find((b) => b.id === this.state.boardId)?.label ?? ''}
          @inspect=${() => void this.controller.inspect()}
        ></phl-heap-pane>
      </main>
    `;
  }

  /** The step before the one shown (while a step is shown): the heap pane marks what changed since. */
  private stepDiffBase() {
    const { history, position } = this.state.stepper;
    if (position < 1 || history[position]?.snapshot !== this.state.heap.snapshot) return undefined;
    return history[position - 1].snapshot;
  }

  /** The heap's used, free and largest free bytes at each step taken (the chart under the map). */
  private stepPoints(): StepHeapPoint[] {
    const history = this.state.stepper.history;
    if (history !== this.pointsOf) {
      this.pointsOf = history;
      this.points = history.map(({ snapshot: { heap } }) => ({
        used: heap.usedBytes,
        free: heap.freeBytes,
        largestFree: heap.largestFreeBytes,
      }));
    }
    return this.points;
  }
  private pointsOf: unknown;
  private points: StepHeapPoint[] = [];

  private get editor(): CodeEditor | null {
    return this.querySelector('phl-code-editor');
  }

  private get terminal(): ReplTerminal | null {
    return this.querySelector('phl-terminal');
  }

  /** A lesson's program goes into the editor (the learner's own is replaced, as with a file open). */
  private openCode(code: string, callouts: readonly Callout[] = []): void {
    const editor = this.editor;
    if (!editor || this.state.running) return;
    this.callouts = callouts;
    if (this.state.stepper.active) void this.controller.stop();
    editor.value = code;
    this.onProgramChange(code);
    editor.focus();
  }

  /** Step through: the lesson's program into the editor, then its first step. */
  private readonly stepCode = async (e: CustomEvent<{ code: string; callouts?: Callout[] }>) => {
    if (this.state.running || this.state.stepper.active) return;
    this.openCode(e.detail.code, e.detail.callouts);
    await this.step();
  };

  /** An exercise card asks for its program to run on the board (the learner's own for a fix). */
  private readonly runExercise = async (e: CustomEvent<ExerciseRunRequest>) => {
    const { exercise, source, respond } = e.detail;
    const program = source === 'editor' ? (this.editor?.value ?? '') : exercise.program;
    respond(await this.controller.runExercise(exercise, program));
  };

  private readonly onSolved = (e: CustomEvent<{ id: string }>) => {
    const slug = this.progress.current ?? this.library?.lessons[0]?.slug;
    if (slug) this.progress = this.progressStore.solve(slug, e.detail.id);
  };

  /** Step (F10): start stepping the editor's program, or run its next line. */
  private readonly step = async () => {
    const editor = this.editor;
    if (!editor) return;
    if (!this.state.stepper.active) editor.clearError();
    await this.controller.step(editor.value);
    const error = this.state.runError;
    if (error?.line !== undefined) editor.markError(error.line, `${error.type}: ${error.message}`);
  };

  /** Run to cursor (Ctrl+F10): step until the editor's cursor line is the next to run. */
  private readonly stepToCursor = async () => {
    const editor = this.editor;
    const line = editor?.cursorLine;
    if (!editor || line === undefined) return;
    if (!this.state.stepper.active) editor.clearError();
    await this.controller.stepToLine(editor.value, line);
  };

  private onProgramChange(code: string): void {
    this.controller.saveProgram(code);
    // Steps taken after the edited line would show a program that no longer exists.
    if (!this.state.stepper.active) this.controller.programEdited(code);
  }

  private readonly run = async () => {
    const editor = this.editor;
    // A board that is not ready gets a notice from the controller rather than a silent no-op.
    if (!editor || this.state.running) return;
    editor.clearError();
    // While the program runs the keys are its input(): the terminal takes the focus, and gives it
    // back where it was (the editor, the Run button) when the program ends, unless the learner
    // has put it somewhere else meanwhile.
    const returnTo = deepActiveElement();
    const terminal = this.terminal;
    terminal?.focus();
    const error = await this.controller.run(editor.value);
    if (error?.line !== undefined) editor.markError(error.line, `${error.type}: ${error.message}`);
    if (returnTo) await this.giveFocusBack(returnTo, terminal);
  };

  /**
   * Returns the focus to `element` once it can take it (Run is disabled until the board is idle
   * again), if it is still in `from`: a learner who moved it elsewhere during the run keeps it there.
   */
  private async giveFocusBack(element: HTMLElement, from: HTMLElement | null): Promise<void> {
    const ready = () => this.controller.state.status === 'ready' && !this.controller.state.running;
    if (!ready()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, FOCUS_RETURN_WAIT_MS);
        const off = this.controller.onState(() => {
          if (ready()) done();
        });
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
    await this.updateComplete;
    await this.querySelector('phl-toolbar')?.updateComplete;
    if (from?.contains(deepActiveElement() ?? null)) element.focus();
  }

  /** A .uf2 from "Load firmware…" or a drop: programmed into the Virtual Pico (switching to it if needed). */
  private readonly onFirmwareFile = async (event: CustomEvent<{ file: File }>) => {
    const { file } = event.detail;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      virtualPicoSetup.refuseFile(
        file.name,
        `it could not be read (${error instanceof Error ? error.message : String(error)})`,
      );
      return;
    }
    // Said before the restart, so the new firmware's banner and prompt come after it.
    await virtualPicoSetup.loadFile(
      file.name,
      bytes,
      () => this.controller.selectBoard('virtual-pico'),
      () =>
        this.controller.note(`Programming ${file.name} into the Virtual Pico (its files stay)…`, { reprompt: false }),
    );
  };

  private readonly eraseFlash = async () => {
    this.controller.note('Erasing the flash: the board restarts with a clean filesystem…', { reprompt: false });
    await virtualPicoSetup.eraseFlash();
  };

  private readonly eraseBrowserFiles = async () => {
    this.controller.note('Erasing the files: MicroPython restarts with an empty filesystem…', { reprompt: false });
    await browserBoardSetup.eraseFlash();
  };

  private readonly onGlobalKey = (event: KeyboardEvent) => {
    if (event.key === 'F10') {
      // Step (F10), Back (Shift+F10) and Run to cursor (Ctrl+F10), as in a debugger, from anywhere in the page.
      event.preventDefault();
      if (event.shiftKey) this.controller.stepBack();
      else if (event.ctrlKey || event.metaKey) void this.stepToCursor();
      else void this.step();
      return;
    }
    // Monaco handles its own Ctrl+Enter (and marks the event handled).
    if (event.defaultPrevented || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void this.run();
  };

  private readonly onSplitterMove = (event: CustomEvent<{ delta: number }>) => {
    const pane = (event.target as HTMLElement).dataset.pane as Pane | undefined;
    if (!pane) return;
    const element = this.paneElement(pane);
    if (!element) return;
    const rect = element.getBoundingClientRect();
    const current = pane === 'terminal' ? rect.height : rect.width;
    // The lesson pane grows when its right edge moves right; heap and terminal grow when their left/top edge
    // moves back.
    const next = pane === 'lesson' ? current + event.detail.delta : current - event.detail.delta;
    const limit = this.paneLimit(pane);
    this.sizes = { ...this.sizes, [pane]: Math.round(Math.min(Math.max(next, MIN_PANE_PX), limit)) };
    savePaneSizes(this.sizes);
  };

  /**
   * A side pane may take half the window, and never the centre's minimum width (the other side pane keeps its
   * size).
   */
  private sidePaneLimit(pane: 'lesson' | 'heap'): number {
    const other = this.querySelector<HTMLElement>(pane === 'lesson' ? 'phl-heap-pane' : 'phl-lesson-pane');
    const splitters = [...this.querySelectorAll<HTMLElement>('.phl-main > phl-splitter')];
    const taken =
      (other?.getBoundingClientRect().width ?? 0) +
      splitters.reduce((sum, s) => sum + s.getBoundingClientRect().width, 0);
    return Math.min(this.offsetWidth * 0.5, this.offsetWidth - taken - MIN_CENTRE);
  }
}

/** The element that has the keyboard focus, looking inside shadow roots (the toolbar's buttons). */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

customElements.define('phl-app', LabApp);

declare global {
  interface HTMLElementTagNameMap {
    'phl-app': LabApp;
  }
}
