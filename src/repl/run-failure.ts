import type { BoardStatus } from '../board/board';
import { ProgramTimeoutError, ReplAbortedError, ReplTimeoutError } from './byte-reader';

/**
 * Why a program handed to the REPL did not end with its own result, read from the error and the
 * board's state at that moment. The app and the CLI each put it in their own words.
 * - timeout: the caller's time limit ran out (the program was interrupted)
 * - bootsel: the board went into BOOTSEL mode (machine.bootloader())
 * - restarted: the board restarted under the program (machine.reset(), a watchdog)
 * - interrupted: the exchange was called off while the board stayed up (Stop, a closed session)
 * - no-answer: the board stopped answering the protocol
 * - error: anything else
 */
export type RunFailure =
  { kind: 'timeout' | 'no-answer' | 'error'; detail: string } | { kind: 'bootsel' | 'restarted' | 'interrupted' };

export function classifyRunFailure(error: unknown, status: BoardStatus | undefined): RunFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ProgramTimeoutError) return { kind: 'timeout', detail };
  if (status === 'bootsel') return { kind: 'bootsel' };
  if (status === 'connecting') return { kind: 'restarted' };
  if (error instanceof ReplAbortedError) return { kind: 'interrupted' };
  if (error instanceof ReplTimeoutError) return { kind: 'no-answer', detail };
  return { kind: 'error', detail };
}
