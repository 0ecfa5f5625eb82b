// The probe on the real WebAssembly build, and the parser's answer to replies
// that arrive cut off or garbled.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openWasmTarget, type HeapTarget } from '../heap/support/heap-targets';
import { runProbe } from '../../src/probe/run-probe';
import { parseProbeReply, ProbeError } from '../../src/probe/probe-facts';

let t: HeapTarget;
let reply = '';
beforeAll(async () => {
  t = await openWasmTarget();
});
afterAll(async () => t?.dispose());

describe('heap probe', () => {
  test('runProbe returns facts that match what the board says directly', async () => {
    const facts = await runProbe({
      exec: async (code) => {
        const r = await t.session.exec(code);
        reply = r.stdout;
        return r;
      },
    });
    const direct = await t.session.exec(
      'import sys\n' +
        'print(id(list), id(dict), id(str), id(globals()), ".".join(str(n) for n in sys.implementation.version[:3]))',
    );
    const [list, dict, str, globalsId, version] = direct.stdout.trim().split(' ');
    expect(facts.types.list).toBe(Number(list));
    expect(facts.types.dict).toBe(Number(dict));
    expect(facts.types.str).toBe(Number(str));
    expect(facts.globals).toBe(Number(globalsId));
    expect(facts.implementation.version).toBe(version);
    expect(facts.floatBits).toBe(64); // the wasm build uses double precision
  });

  test('the probe leaves no global behind', async () => {
    const r = await t.session.exec("print(sorted(k for k in globals() if 'heaplab' in k))");
    expect(r.stdout.trim()).toBe('[]');
  });

  test('a reply cut off at any point gives a ProbeError, never a wrong result', () => {
    const line = reply.split(/\r?\n/).find((l) => l.startsWith('HEAPLAB-PROBE'))!;
    expect(line).toBeDefined();
    for (let cut = 0; cut < line.length; cut += 7) {
      expect(() => parseProbeReply(line.slice(0, cut))).toThrow(ProbeError);
    }
    expect(parseProbeReply(reply).types.list).toBeGreaterThan(0);
  });

  test('garbled bytes and missing fields are named in the error', () => {
    const line = reply.split(/\r?\n/).find((l) => l.startsWith('HEAPLAB-PROBE'))!;
    const json = JSON.parse(line.slice('HEAPLAB-PROBE '.length)) as { types: Record<string, unknown> };
    expect(() => parseProbeReply(line.replace(/:/g, ';'))).toThrow(/garbled/);
    const noTypes = { ...json, types: { ...json.types } };
    delete noTypes.types.list;
    expect(() => parseProbeReply('HEAPLAB-PROBE ' + JSON.stringify(noTypes))).toThrow(/types\.list missing/);
    expect(() => parseProbeReply('HEAPLAB-PROBE ' + JSON.stringify({ ...json, globals: 'x' }))).toThrow(/globals/);
    expect(() => parseProbeReply('')).toThrow(/printed nothing/);
  });

  test('a traceback from the board is reported as the probe failing', async () => {
    const r = await t.session.exec('import sys\nsys.implementation.nope');
    expect(() => parseProbeReply(r.stdout, r.stderr)).toThrow(/failed on the board: AttributeError/);
  });
});
