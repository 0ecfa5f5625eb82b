import type { ExecResult } from '../repl/exec-result';
import { lastLine } from '../repl/traceback';
import { MemoryReadError, MemoryServerClient, SERVE_CALL } from './memory-server';

/** Reads `length` bytes at `address` through the memory server. */
export type ServedRead = (address: number, length: number) => Promise<Uint8Array>;

/** What serving memory needs of a REPL session (ReplSession has it). */
export interface ServeSession {
  exec(code: string, options: { onStdout?: (text: string) => void }): Promise<ExecResult>;
  sendInput(bytes: Uint8Array): void;
}

/**
 * Runs the memory server (defined once per boot with MEMORY_SERVER_SETUP) as a program of its own
 * while the board is idle, gives `body` its reads, and ends it when `body` is done. If the server
 * ends first (a reset, an unplugged board, no server defined), every read under way fails at once.
 */
export async function withServedMemory<T>(
  session: ServeSession,
  body: (read: ServedRead) => Promise<T>,
  options: { replyMs?: number } = {},
): Promise<T> {
  const client = new MemoryServerClient((bytes) => session.sendInput(bytes), options);
  let stray = '';
  const run = session.exec(SERVE_CALL, { onStdout: (text) => (stray += client.takeReplies(text)) });
  const ended = run.then(
    (result) => client.fail(serverEnded(result, stray)),
    (error: unknown) => client.fail(error instanceof Error ? error : new Error(String(error))),
  );
  try {
    return await body((address, length) => client.read(address, length));
  } finally {
    client.finish();
    await ended;
  }
}

function serverEnded(result: ExecResult, stray: string): Error {
  if (result.stderr.trim()) return new MemoryReadError(`the board's memory reader failed: ${lastLine(result.stderr)}`);
  if (stray.trim())
    return new MemoryReadError(`the board's memory reader said something else: ${stray.trim().slice(0, 80)}`);
  return new MemoryReadError("the board's memory reader ended");
}
