export { runProbe, type ExecSession } from './run-probe';
export { parseProbeReply, ProbeError, type ProbeFacts } from './probe-facts';
export { PROBE_SOURCE } from './probe-source';
