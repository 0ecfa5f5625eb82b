/**
 * A real heap snapshot for tests: runs a program on the browser-wasm board through the CLI
 * (`pico-heap-lab run --board browser-wasm PROG --heap-json OUT`), as a user would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';

const BIN = resolve(import.meta.dirname, '../../bin/pico-heap-lab.mjs');
let dir: string | undefined;

export function cliHeapSnapshot(name: string, program: string): Promise<HeapSnapshot> {
  dir ??= mkdtempSync(join(tmpdir(), 'heap-snapshot-'));
  const file = join(dir, `${name}.py`);
  const out = join(dir, `${name}.json`);
  writeFileSync(file, program);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'run', '--board', 'browser-wasm', file, '--heap-json', out], {
      env: { ...process.env, PICO_FIRMWARE: undefined },
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', fail);
    child.on('close', (status) => {
      if (status !== 0) return fail(new Error(`pico-heap-lab exited with ${status}: ${stderr}`));
      done(JSON.parse(readFileSync(out, 'utf8')) as HeapSnapshot);
    });
  });
}
