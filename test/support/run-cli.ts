/**
 * The pico-heap-lab command as a user runs it: a child process of this Node, with PICO_FIRMWARE
 * unset unless a test passes it, stdin piped. One place for every CLI test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';

export const CLI_BIN = resolve(import.meta.dirname, '../../bin/pico-heap-lab.mjs');
/** A run that has not ended by then is killed (the test then fails on its output). */
const KILL_AFTER_MS = 60_000;

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  cwd?: string;
}

/** Starts the CLI (for tests that talk to it while it runs). */
export function startCli(args: string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, PICO_FIRMWARE: undefined, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to its end. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = startCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status: status ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

let dir: string | undefined;

/** Writes `text` to a file in a temporary folder of this test process and returns its path. */
export function tempFile(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'pico-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A real heap snapshot: runs `program` through `pico-heap-lab run --heap-json`, as a user would.
 * `firmware` is needed for the Virtual Pico.
 */
export async function cliHeapSnapshot(
  name: string,
  program: string,
  board: 'browser-wasm' | 'virtual-pico' = 'browser-wasm',
  firmware?: string,
): Promise<HeapSnapshot> {
  const file = tempFile(`${name}.py`, program);
  const out = tempFile(`${name}.json`, '');
  const args = ['run', '--board', board, ...(firmware ? ['--firmware', firmware] : []), file, '--heap-json', out];
  const r = await runCli(args);
  if (r.status !== 0) throw new Error(`pico-heap-lab exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as HeapSnapshot;
}
