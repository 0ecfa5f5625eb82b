import type { ExecResult } from '../repl/exec-result';
import { parseProbeReply, type ProbeFacts } from './probe-facts';

/** Anything that can run a program on the board and return its output (ReplSession does). */
export interface ExecSession {
  exec(code: string): Promise<ExecResult>;
}

/**
 * Runs the probe on the board (the session sends it by raw-paste) and returns
 * the parsed facts. Rejects with ProbeError when the reply is unusable.
 * `source` defaults to the bundled probe.py (vite `?raw`, loaded lazily); Node
 * entry points without vite pass `readProbeSourceNode()`.
 */
export async function runProbe(session: ExecSession, source?: string): Promise<ProbeFacts> {
  const code = source ?? (await import('./probe-source')).PROBE_SOURCE;
  const { stdout, stderr } = await session.exec(code);
  return parseProbeReply(stdout, stderr);
}
