// `pico-heap-lab run … --heap-json OUT.json | --heap text`: before the program, probe the board and
// clean its heap (as the app does after each boot); after it, snapshot the memory and write the heap
// model. Enabled by the import in src/cli/register-extensions.ts.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HeapCapture } from '../app/heap-capture';
import { formatHeapText } from '../model/format-heap-text';
import { readProbeSourceNode } from '../probe/probe-source-node';
import { registerCliExtension } from './extensions';

registerCliExtension({
  options: [
    {
      name: 'heap-json',
      type: 'string',
      argument: 'OUT.json',
      help: 'after the run, write the heap model (objects, references, statistics) as JSON',
      validate: (value) => {
        if (value === true || value === '') return '--heap-json needs a file name, e.g. --heap-json heap.json';
        const folder = dirname(resolve(String(value)));
        if (!existsSync(folder) || !statSync(folder).isDirectory())
          return `--heap-json ${String(value)}: the folder ${folder} does not exist`;
        return undefined;
      },
    },
    {
      name: 'heap',
      type: 'string',
      argument: 'text',
      help: 'after the run, print a readable listing of the heap',
      validate: (value) =>
        value === 'text' ? undefined : `--heap takes "text" (got "${String(value)}"); use --heap-json FILE for JSON`,
    },
  ],
  async beforeRun({ board, session, values }) {
    const json = values['heap-json'];
    const mode = values.heap;
    if (json === undefined && mode === undefined) return undefined;
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
