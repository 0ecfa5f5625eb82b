// `pico-heap-lab run … --heap-json OUT.json | --heap text`: before the program, probe the board and
// clean its heap (as the app does after each boot); after it, snapshot the memory and write the heap
// model. Enabled by the import in src/cli/register-extensions.ts.
import { writeFileSync } from 'node:fs';
import { HeapCapture } from '../app/heap-capture';
import { formatHeapText } from '../model/format-heap-text';
import { readProbeSourceNode } from '../probe/probe-source-node';
import { registerCliExtension } from './extensions';

registerCliExtension({
  options: [
    {
      name: 'heap-json',
      type: 'string',
      help: '--heap-json OUT.json  after the run, write the heap model (objects, references, statistics) as JSON',
    },
    { name: 'heap', type: 'string', help: '--heap text          after the run, print a readable listing of the heap' },
  ],
  async beforeRun({ board, session, values }) {
    const json = values['heap-json'];
    const mode = values.heap;
    if (json === undefined && mode === undefined) return undefined;
    if (mode !== undefined && mode !== 'text')
      throw new Error(`--heap takes "text" (got "${String(mode)}"); use --heap-json FILE for JSON`);
    if (json === true || json === '') throw new Error('--heap-json needs a file name, e.g. --heap-json heap.json');
    const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
    if (!capture.supported)
      throw new Error(`the ${board.info.label} board cannot show its memory, so there is no heap to inspect`);
    await capture.prepare();
    return async ({ stderr }) => {
      const snapshot = await capture.snapshot();
      for (const w of snapshot.warnings) stderr.write(`heap: ${w}\n`);
      if (typeof json === 'string') writeFileSync(json, JSON.stringify(snapshot, null, 2) + '\n');
      if (mode === 'text') process.stdout.write(formatHeapText(snapshot));
    };
  },
});
