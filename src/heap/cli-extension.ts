// `pico-heap-lab run … --heap-json OUT.json | --heap text`: after the program
// ran, probe the board, snapshot its memory and write the heap model.
// Enabled by `import '../heap/cli-extension';` in src/cli/register-extensions.ts.
import { writeFileSync } from 'node:fs';
import { registerCliExtension, type AfterRunContext } from '../cli/extensions';
import { runProbe } from '../probe/run-probe';
import { readProbeSourceNode } from '../probe/probe-source-node';
import { inspectHeap } from '../model/inspect-heap';
import { formatHeapText } from '../model/format-heap-text';
import type { HeapSnapshot } from '../model/heap-snapshot';

/** Probe + memory snapshot + decode, for a board that is idle at its REPL. */
export async function snapshotBoardHeap(context: Pick<AfterRunContext, 'board' | 'session'>): Promise<HeapSnapshot> {
  const { board, session } = context;
  if (!board.memory)
    throw new Error(`the ${board.info.label} board cannot show its memory, so there is no heap to inspect`);
  const probe = await runProbe(session, readProbeSourceNode());
  // The Virtual Pico keeps type objects and the static qstr pool in flash: ask for it too.
  const image = await board.memory({ includeFlash: true });
  return inspectHeap(image, probe, { board: board.info.kind });
}

registerCliExtension({
  options: [
    {
      name: 'heap-json',
      type: 'string',
      help: '--heap-json OUT.json  after the run, write the heap model (objects, references, statistics) as JSON',
    },
    { name: 'heap', type: 'string', help: '--heap text          after the run, print a readable listing of the heap' },
  ],
  async afterRun(context) {
    const json = context.values['heap-json'];
    const mode = context.values.heap;
    if (json === undefined && mode === undefined) return;
    if (mode !== undefined && mode !== 'text')
      throw new Error(`--heap takes "text" (got "${String(mode)}"); use --heap-json FILE for JSON`);
    if (json === true || json === '') throw new Error('--heap-json needs a file name, e.g. --heap-json heap.json');
    const snapshot = await snapshotBoardHeap(context);
    for (const w of snapshot.warnings) context.stderr.write(`heap: ${w}\n`);
    if (typeof json === 'string') writeFileSync(json, JSON.stringify(snapshot, null, 2) + '\n');
    if (mode === 'text') process.stdout.write(formatHeapText(snapshot));
  },
});
