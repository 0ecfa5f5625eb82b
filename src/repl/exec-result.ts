/** What running one program through the raw REPL gives back. */
export interface ExecResult {
  /** Everything the program printed. */
  stdout: string;
  /** The traceback (empty when the program finished without an exception). */
  stderr: string;
}

export interface ExecOptions {
  /**
   * Give up (interrupt the board, reject with ProgramTimeoutError, a ReplTimeoutError) after this long.
   * Default: no limit.
   */
  timeoutMs?: number;
  /** Aborting interrupts the program (Ctrl-C) and rejects with ReplAbortedError. */
  signal?: AbortSignal;
  /** Streams stdout as it arrives (for the terminal). */
  onStdout?: (text: string) => void;
  /** Streams stderr as it arrives. */
  onStderr?: (text: string) => void;
}
