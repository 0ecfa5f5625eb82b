// Heap inspector speed on real MicroPython heaps (WebAssembly build, in-process):
// a Pico-sized heap with thousands of live objects, and a typical lesson heap.
import { readFileSync } from 'node:fs';
import { loadMicroPythonWithMemory } from '../src/board/wasm/load-micropython';
import { MemoryImage } from '../src/memory/memory-image';
import { parseProbeReply, type ProbeFacts } from '../src/probe/probe-facts';
import { inspectHeap } from '../src/model/inspect-heap';
import { medianTime } from './stats';

const PROBE = readFileSync(new URL('../src/probe/probe.py', import.meta.url), 'utf8');

async function heapAfter(program: string): Promise<{ image: MemoryImage; probe: ProbeFacts }> {
  let out: number[] = [];
  const { mp, memory } = await loadMicroPythonWithMemory({ heapsize: 240 * 1024, output: (b) => out.push(...b) });
  const run = (code: string) => {
    out = [];
    mp.runPython(code);
    return Buffer.from(out).toString();
  };
  const probe = parseProbeReply(run(PROBE));
  run(program);
  // Only the part of linear memory up to the heap matters; copy like the board does.
  const image = new MemoryImage([{ name: 'wasm', base: 0, bytes: new Uint8Array(memory.buffer).slice() }]);
  return { image, probe };
}

export default async function bench(): Promise<void> {
  const big = await heapAfter(
    'L = [[i, float(i), str(i) + "x"] for i in range(600)]\nD = {str(i): (i,) for i in range(300)}',
  );
  const bigSnap = inspectHeap(big.image, big.probe);
  const live = bigSnap.objects.filter((o) => o.reachable).length;
  const bigMs = medianTime(() => inspectHeap(big.image, big.probe), 30, 10);
  console.log(
    `full decode, ${(bigSnap.heap.totalBytes / 1024).toFixed(0)} KB heap, ` +
      `${live} live objects (${bigSnap.objects.length} allocations): ` +
      `median ${bigMs.toFixed(2)} ms — ${(bigMs / 10).toFixed(2)}× the 10 ms target`,
  );

  const lesson = await heapAfter(
    'class Node:\n    def __init__(self, v):\n        self.v = v\n        self.next = None\n' +
      "a = [1, 2.5, 'three', [4]]\nb = a\nd = {'list': a, 'n': Node(5)}\n" +
      "d['n'].next = d['n']\nt = (a, d)\ns = 'x' * 50",
  );
  const lessonSnap = inspectHeap(lesson.image, lesson.probe);
  const lessonMs = medianTime(() => inspectHeap(lesson.image, lesson.probe), 50, 10);
  console.log(
    `locate + decode + model, lesson heap (${lessonSnap.objects.filter((o) => o.reachable).length} live objects, ` +
      `${lessonSnap.objects.length} allocations): median ${lessonMs.toFixed(2)} ms — ` +
      `${(lessonMs / 5).toFixed(2)}× the 5 ms target`,
  );
}
