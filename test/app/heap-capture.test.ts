/**
 * HeapCapture on the real MicroPython WebAssembly board: after the first snapshot it copies memory
 * only up to where the heap ended (the board's memory is ~17 MB, the heap a few hundred KB), gives
 * the same snapshot as a full copy, and notices when the heap has grown past that end (a new
 * split-heap area) instead of showing a heap with a part missing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HeapCapture } from '../../src/app/heap-capture';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import type { MemoryOptions } from '../../src/board/board';
import { inspectHeap } from '../../src/model/inspect-heap';
import { locateGcHeap } from '../../src/heap/locate-gc-area';
import { MemoryImage } from '../../src/memory/memory-image';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import { ReplSession } from '../../src/repl/repl-session';

let board: WasmBoard;
let session: ReplSession;
let capture: HeapCapture;
/** Every memory() call the capture makes, with its options and the size it got. */
const copies: { options: MemoryOptions; bytes: number }[] = [];

beforeAll(async () => {
  board = createNodeWasmBoard();
  await board.connect();
  session = new ReplSession(board);
  const memory = board.memory.bind(board);
  board.memory = async (options: MemoryOptions = {}) => {
    const image = await memory(options);
    copies.push({ options, bytes: image.regions[0].bytes.length });
    return image;
  };
  capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
  await capture.prepare();
});

afterAll(async () => {
  session.dispose();
  await board.dispose();
});

describe('HeapCapture copies only as far as the heap goes', () => {
  test('the second snapshot copies a fraction of the memory and decodes the same heap as a full copy', async () => {
    await session.exec("a = [1, 2, 3]\nb = {'k': a, 's': 'a string of some length ' * 3}");
    const first = await capture.snapshot();
    expect(copies.at(-1)!.options.limit).toBeUndefined();
    const full = copies.at(-1)!.bytes;
    const second = await capture.snapshot();
    const limited = copies.at(-1)!;
    expect(limited.options.limit).toBeDefined();
    expect(limited.bytes).toBeLessThan(full / 4);
    expect(second.heap.truncated).toBeUndefined();
    expect(second).toEqual(first);
    // And what a full copy of the same moment says.
    const fullNow = inspectHeap(await board.memory(), capture.probe!, { board: 'browser-wasm' });
    expect(second).toEqual(fullNow);
  });

  test('a heap that grew past the last copy is copied in full again, with nothing missing', async () => {
    await capture.snapshot(); // sets the limit for the heap as it is now
    const before = copies.length;
    // Far more than the 240 KB pool: the split heap adds an area, beyond the last copy's end.
    const r = await session.exec('big = bytearray(3_000_000)\nbig[-1] = 9\nprint(id(big))');
    expect(r.stderr).toBe('');
    const snapshot = await capture.snapshot();
    const calls = copies.slice(before);
    expect(calls.map((c) => c.options.limit === undefined)).toEqual([false, true]); // limited, then full
    expect(snapshot.heap.truncated).toBeUndefined();
    expect(snapshot.heap.areas.length).toBeGreaterThan(1);
    const big = snapshot.objects.find((o) => o.address === '0x' + Number(r.stdout.trim()).toString(16));
    expect(big?.type).toBe('bytearray');
    expect(snapshot.warnings).toEqual([]);
    // A copy that ends before the new area's own struct: the chain's pointer alone says the heap goes on.
    const whole = (await board.memory()).regions[0].bytes;
    const cutAt = Number.parseInt(snapshot.heap.areas[0].poolEnd, 16) + 64;
    const cut = new MemoryImage([{ name: 'cut', base: 0, bytes: whole.slice(0, cutAt) }]);
    const located = locateGcHeap(cut, capture.probe!.globals);
    expect('beyondImage' in located && located.beyondImage).toBe(true);
    expect(inspectHeap(cut, capture.probe!, { board: 'browser-wasm' }).heap.truncated).toBe(true);
    await session.exec('del big');
  });
});
