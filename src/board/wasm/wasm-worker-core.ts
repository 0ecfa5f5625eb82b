import { loadMicroPythonWithMemory, type LoadedMicroPython } from './load-micropython';
import { RawPasteGuard } from './raw-paste-guard';
import { BoardFrameFilter } from './board-frame-filter';
import type { WorkerEndpoint, ToWasmWorker } from './wasm-messages';
import { findInterruptWords } from './interrupt-words';
import { SharedInterruptWorker } from './shared-interrupt';
import { StdinRing } from './stdin-ring';
import { installNoStdin, installStdin } from './worker-stdin';
import { decodeArchive, encodeArchive } from './file-archive';
import { exportFiles, importFiles, installFlashLimit } from './worker-flash';

/** Output is posted in batches: enough to stream a long program's prints, few enough messages to stay cheap. */
const FLUSH_BYTES = 512;
const FLUSH_MS = 30;
/** What the REPL returns for sys.exit() or Ctrl-D on an empty line (shared/runtime/pyexec.h). */
const PYEXEC_FORCED_EXIT = 0x100;
/** While a long input is fed, tell the board at least this often that it is still reading (ms). */
const FED_REPORT_MS = 20;

/**
 * The interpreter side of the browser-wasm board: feeds serial input to the
 * event-driven REPL character by character and posts what it prints. Runs in a
 * worker so that a long program never freezes the page.
 */
export function serveMicroPython(endpoint: WorkerEndpoint): void {
  let loaded: LoadedMicroPython | undefined;
  /** Keys typed while a program runs (present when the page can share memory). */
  let ring: StdinRing | undefined;
  let interrupt: SharedInterruptWorker | undefined;
  /** The shared memory's size as the board last heard it (it is told when the memory grows). */
  let sharedLength = 0;
  const guard = new RawPasteGuard();
  let out: number[] = [];
  let lastFlush = Date.now();

  /** The memory grew: the board gets its new buffer before anything printed after the growth. */
  const reportGrowth = () => {
    if (!interrupt || !loaded || loaded.memory.buffer.byteLength === sharedLength) return;
    sharedLength = loaded.memory.buffer.byteLength;
    endpoint.post({ t: 'grown', memory: loaded.memory.buffer as unknown as SharedArrayBuffer });
  };
  const send = () => {
    reportGrowth();
    if (out.length === 0) return;
    const bytes = new Uint8Array(out);
    out = [];
    lastFlush = Date.now();
    endpoint.post({ t: 'out', bytes }, [bytes.buffer]);
  };
  let urgent = false;
  // Tracebacks through the board's own helpers (input(), sleeps) show only the learner's lines.
  const frames = new BoardFrameFilter((b) => {
    out.push(b);
    // A finished line goes out at once: the program may never return to flush it.
    urgent = guard.observeOutput(b) || b === 0x0a || urgent;
  });
  /** Everything printed so far goes out now (end of a message; before a wait for keys). */
  const flush = () => {
    frames.release();
    send();
  };
  const print = (bytes: Uint8Array) => {
    urgent = false;
    for (const b of bytes) frames.push(b);
    if (urgent || out.length >= FLUSH_BYTES || Date.now() - lastFlush >= FLUSH_MS) send();
  };

  const handle = async (msg: ToWasmWorker) => {
    switch (msg.t) {
      case 'init': {
        try {
          loaded = await loadMicroPythonWithMemory({
            heapsize: msg.heapsize,
            output: print,
            url: msg.wasmUrl,
            sharedMemory: msg.control !== undefined,
          });
          // Files as on a Pico's flash: its size, and what was kept from last time, before the first prompt.
          const flash = installFlashLimit(loaded.mp.FS);
          if (msg.files) {
            flash.suspend(true);
            try {
              importFiles(loaded.mp.FS, decodeArchive(msg.files));
            } catch (e) {
              endpoint.post({ t: 'files-lost', message: (e as Error).message });
            } finally {
              flash.suspend(false);
            }
          }
          let sharedFailure = msg.control && !loaded.shared ? (loaded.sharedFailure ?? 'unknown reason') : undefined;
          if (msg.control && loaded.shared) {
            try {
              const words = findInterruptWords(loaded.mp, loaded.memory);
              interrupt = new SharedInterruptWorker(msg.control, loaded.memory, words);
              sharedLength = loaded.memory.buffer.byteLength;
              if (msg.stdin) {
                ring = new StdinRing(msg.stdin);
                installStdin({ mp: loaded.mp, ring, memory: loaded.memory, words, output: print, flush });
              }
              endpoint.post({
                t: 'ready',
                interrupt: { memory: loaded.memory.buffer as unknown as SharedArrayBuffer, words },
                stdin: ring !== undefined,
              });
            } catch (e) {
              sharedFailure = (e as Error).message;
            }
          }
          if (!interrupt) {
            installNoStdin(loaded.mp);
            endpoint.post({ t: 'ready', sharedFailure, stdin: false });
          }
          loaded.mp.replInit();
          flush();
        } catch (e) {
          endpoint.post({ t: 'fatal', message: `could not start MicroPython: ${(e as Error).message}` });
        }
        return;
      }
      case 'in': {
        if (!loaded) return;
        const mp = loaded.mp;
        let reported = Date.now();
        const feed = (bytes: Iterable<number>) => {
          for (const byte of bytes) {
            // A character that starts a program blocks below until the program ends; between
            // characters the worker is only reading input, which the board must not mistake for a stuck program.
            const now = Date.now();
            if (now - reported >= FED_REPORT_MS) {
              reported = now;
              endpoint.post({ t: 'fed', seq: msg.seq });
            }
            const { forward, reply } = guard.input(byte);
            if (reply) print(reply);
            for (const b of forward) {
              if (mp.replProcessChar(b) & PYEXEC_FORCED_EXIT) {
                // A board would soft-reset here; the event-driven REPL just returns, with
                // no prompt and the old line still buffered (the next program would be
                // appended to it). Re-initialising prints the prompt of the current mode.
                mp.replInit();
              }
            }
          }
        };
        // Keys the board put in the ring while this message ran were written after its bytes: the
        // program reads them, or they are fed after it. (Never before: a key can reach the ring after
        // the next message was posted but before it is handled; feeding the ring first would reorder.
        // Keys left after the last message get an empty message of their own from the board.)
        const drainRing = () => {
          for (let b = ring?.take(); b !== undefined; b = ring?.take()) feed([b]);
        };
        // A Ctrl-C already delivered through shared memory is not fed again.
        if (!interrupt || interrupt.begin(msg.seq)) {
          feed(msg.bytes);
          drainRing();
          // Delivered, but the program ended before Python looked: it is an ordinary Ctrl-C after all.
          if (interrupt?.end(msg.seq)) feed([0x03]);
        }
        interrupt?.done(msg.seq);
        flush();
        reportGrowth();
        endpoint.post({ t: 'ack', seq: msg.seq });
        return;
      }
      case 'mem': {
        if (!loaded) return;
        // A copy of the linear memory (below `limit` when asked): the heap decoder finds the GC area
        // itself. (Copied through a Uint8Array: slicing a SharedArrayBuffer gives another shared
        // one, which can't be transferred.)
        const all = new Uint8Array(loaded.memory.buffer);
        const end = msg.limit !== undefined && msg.limit > 0 ? Math.min(msg.limit, all.length) : all.length;
        const buffer = all.slice(0, end).buffer;
        endpoint.post({ t: 'mem', id: msg.id, buffer }, [buffer]);
        return;
      }
      case 'files': {
        if (!loaded) return;
        const archive = encodeArchive(exportFiles(loaded.mp.FS));
        endpoint.post({ t: 'files', id: msg.id, archive }, [archive.buffer]);
        return;
      }
    }
  };
  // Messages are handled strictly in order, like bytes on a serial line.
  let chain = Promise.resolve();
  endpoint.listen((msg) => {
    chain = chain.then(() => handle(msg));
  });
}
