import type { ExecResult } from '../repl/exec-result';
import { parseProbeReply, type ProbeFacts } from './probe-facts';
import { PROBE_SOURCE } from './probe-source';

/** Anything that can run a program on the board and return its output (ReplSession does). */
export interface ExecSession {
  exec(code: string): Promise<ExecResult>;
}

/**
 * Runs the probe on the board (the session sends it by raw-paste) and returns
 * the parsed facts. Rejects with ProbeError when the reply is unusable.
 */
export async function runProbe(session: ExecSession, source: string = PROBE_SOURCE): Promise<ProbeFacts> {
  const { stdout, stderr } = await session.exec(source);
  return parseProbeReply(stdout, stderr);
}
