// The browser board's files behave like a Pico's flash (src/board/wasm/worker-flash.ts,
// file-archive.ts), on the real MicroPython WebAssembly build: the Pico's geometry in
// os.statvfs(), ENOSPC (OSError 28) when a program fills it, within moments and with the
// board usable afterwards; files survive Reset and move to a new board through the archive;
// "Erase flash" empties it (a folder takes 2 blocks, a file over 512 bytes whole 4 KiB blocks); a damaged archive is refused with a clear error, never thrown blindly.
import { afterEach, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import { ArchiveError, decodeArchive, encodeArchive } from '../../src/board/wasm/file-archive';
import { PICO_FS_BLOCKS, PICO_FS_BLOCK_BYTES } from '../../src/board/wasm/worker-flash';
import { ReplSession } from '../../src/repl/repl-session';

const boards: WasmBoard[] = [];
afterEach(async () => {
  for (const b of boards.splice(0)) await b.dispose();
});

async function open(flash?: Uint8Array): Promise<{ board: WasmBoard; run: (code: string) => Promise<string> }> {
  const board = createNodeWasmBoard(flash ? { flash } : {});
  boards.push(board);
  await board.connect();
  const session = new ReplSession(board);
  const run = async (code: string) => {
    const r = await session.exec(code);
    return r.stdout + r.stderr;
  };
  return { board, run };
}

const FILL = `
import os
n = 0
try:
    with open('fill.bin', 'wb') as f:
        while True:
            f.write(b'x' * 4096)
            n += 1
except OSError as e:
    print('stopped', e.errno, n)
`;

describe('files on the browser board', () => {
  test('os.statvfs() gives the Pico geometry; an empty filesystem lists nothing (Emscripten folders hidden)', async () => {
    const { run } = await open();
    const out = await run("import os\nprint(os.statvfs('/')[:5], os.listdir(), os.listdir('/'))");
    expect(out.trim()).toBe(`(${PICO_FS_BLOCK_BYTES}, ${PICO_FS_BLOCK_BYTES}, ${PICO_FS_BLOCKS}, 350, 350) [] []`);
  });

  test('a program that fills the flash stops with ENOSPC (OSError 28) at the Pico size, fast, and the board stays usable', async () => {
    const { run } = await open();
    const started = performance.now();
    const out = await run(FILL);
    const ms = performance.now() - started;
    console.log(`browser board: the flash is full after ${Math.round(ms)} ms`);
    expect(out.trim()).toBe('stopped 28 350');
    expect(ms).toBeLessThan(5000);
    expect((await run("import os\nprint(os.statvfs('/')[3], os.stat('fill.bin')[6])")).trim()).toBe(`0 ${350 * 4096}`);
    // Making room works, and the space comes back.
    expect((await run("os.remove('fill.bin')\nprint(os.statvfs('/')[3], 6 * 7)")).trim()).toBe('350 42');
  });

  test('files survive Reset and travel to a new board in the archive; Erase flash empties the filesystem', async () => {
    const { board, run } = await open();
    await run("import os\nos.mkdir('data')\nwith open('data/log.txt', 'w') as f:\n    f.write('kept ' * 300)\nx = 1");
    await board.reset();
    expect(
      (await run("import os\nprint(os.listdir('data'), len(open('data/log.txt').read()), 'x' in globals())")).trim(),
    ).toBe("['log.txt'] 1500 False");
    const archive = await board.getFlash();
    const entries = decodeArchive(archive);
    expect(entries.map((e) => e.path)).toEqual(['data', 'data/log.txt']);

    const other = await open(archive);
    expect((await other.run("print(open('data/log.txt').read()[:10], __import__('os').statvfs('/')[3])")).trim()).toBe(
      'kept kept  347',
    );
    await other.board.eraseFlash();
    expect((await other.run("import os\nprint(os.listdir(), os.statvfs('/')[3])")).trim()).toBe('[] 350');
  });

  test('a damaged archive is refused with an ArchiveError; a board given one starts empty and says why', async () => {
    const good = encodeArchive([
      { path: 'a', mtime: 1 },
      { path: 'a/b.txt', mtime: 2, data: new Uint8Array([104, 105]) },
    ]);
    expect(decodeArchive(good).map((e) => e.path)).toEqual(['a', 'a/b.txt']);
    const damaged = [
      new Uint8Array(0),
      good.subarray(0, good.length - 1),
      new Uint8Array([...good, 0]),
      Uint8Array.from(good, (b, i) => (i === 4 ? 9 : b)),
      encodeArchive([{ path: 'x', mtime: 0 }]).map((b, i) => (i === 12 ? '/'.charCodeAt(0) : b)),
    ];
    for (const bytes of damaged) expect(() => decodeArchive(bytes)).toThrow(ArchiveError);
    expect(() => encodeArchive([{ path: '../up', mtime: 0 }])).toThrow(ArchiveError);
    // A child before its folder is refused too.
    expect(() => decodeArchive(encodeArchive([{ path: 'a/b', mtime: 0, data: new Uint8Array() }]))).toThrow(
      /before its folder/,
    );

    const { board, run } = await open(good.subarray(0, 20));
    expect(board.filesProblem).toMatch(/saved files unreadable/);
    expect((await run('import os\nprint(os.listdir(), 6 * 7)')).trim()).toBe('[] 42');
  });
});
