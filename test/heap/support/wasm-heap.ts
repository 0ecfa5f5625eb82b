// A real heap to take apart: the WebAssembly build after a small program.
import { openWasmTarget } from './heap-targets';
import { runProbe } from '../../../src/probe/run-probe';
import type { ProbeFacts } from '../../../src/probe/probe-facts';
import type { MemoryImage } from '../../../src/memory/memory-image';

export const LESSON_PROGRAM = `
class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
a = [1, 2.5, 'three', [4]]
b = a
d = {'list': a, 'n': Node(5)}
d['n'].next = d['n']
t = (a, d)
s = 'x' * 50
`;

export async function realHeap(program = LESSON_PROGRAM): Promise<{ image: MemoryImage; probe: ProbeFacts }> {
  const t = await openWasmTarget();
  try {
    const probe = await runProbe(t.session);
    const r = await t.session.exec(program);
    if (r.stderr) throw new Error(r.stderr);
    return { image: await t.memory(), probe };
  } finally {
    await t.dispose();
  }
}
