import type { Board } from '../board/board';
import type { ExecResult } from '../repl/exec-result';
import type { ReplSession } from '../repl/repl-session';
import type { ExtraOption } from './args';

/** What an extension sees after `run` executed the program (the board is still up). */
export interface AfterRunContext {
  board: Board;
  session: ReplSession;
  /** The program's result; undefined when it was interrupted or timed out. */
  result: ExecResult | undefined;
  /** Values of this extension's options, by name. */
  values: Record<string, string | boolean>;
  /** For messages; stdout belongs to the program. */
  stderr: NodeJS.WritableStream;
}

/**
 * A plug-in for the CLI: extra `run` options and a step after the program ran
 * (the heap inspector adds `--heap-json OUT.json` / `--heap text` this way).
 * An `afterRun` that throws makes the CLI exit with 2 and its message.
 */
export interface CliExtension {
  options: ExtraOption[];
  afterRun?(context: AfterRunContext): Promise<void>;
}

const registered: CliExtension[] = [];

export function registerCliExtension(extension: CliExtension): void {
  registered.push(extension);
}

export function cliExtensions(): readonly CliExtension[] {
  return registered;
}
