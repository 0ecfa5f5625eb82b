import type { Board } from '../board/board';
import type { ExecResult } from '../repl/exec-result';
import type { ReplSession } from '../repl/repl-session';
import type { ExtraOption } from './args';

/** What an extension sees before `run` sends the program (the board is up and idle). */
export interface BeforeRunContext {
  board: Board;
  session: ReplSession;
  /** Values of this extension's options, by name (absent when not given). */
  values: Record<string, string | boolean>;
  /** For messages; stdout belongs to the program. */
  stderr: NodeJS.WritableStream;
}

/** What the step after the run sees (the board is still up). */
export interface AfterRunContext extends BeforeRunContext {
  /** The program's result; undefined when it was interrupted or timed out. */
  result: ExecResult | undefined;
}

/**
 * A plug-in for the CLI: extra `run` options and work around the program (the heap inspector
 * adds `--heap-json OUT.json` / `--heap text` this way). `beforeRun` returns the step to run
 * after the program, if any, so state stays between the two. Either throwing makes the CLI
 * exit with 2 and its message.
 */
export interface CliExtension {
  options: ExtraOption[];
  beforeRun(context: BeforeRunContext): Promise<((context: AfterRunContext) => Promise<void>) | undefined>;
}

const registered: CliExtension[] = [];

export function registerCliExtension(extension: CliExtension): void {
  registered.push(extension);
}

export function cliExtensions(): readonly CliExtension[] {
  return registered;
}
