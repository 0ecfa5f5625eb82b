// The probe's 32-bit float path on the Virtual Pico with the official MicroPython
// rp2 firmware (PICO_FIRMWARE): the probe must report floatBits 32 (rp2 builds use
// single-precision floats), and a float object in the decoded heap — a boxed
// mp_obj_float_t with its float32 at byte offset 4 — must show the value the board
// itself prints for it. Skipped with a notice when PICO_FIRMWARE is not set.
import { readFileSync } from 'node:fs';
import { officialFirmwarePath, olderFirmwarePath } from '../support/firmware-paths';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { runProbe } from '../../src/probe/run-probe';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { MemoryImage } from '../../src/memory/memory-image';

const firmwares = [
  { label: 'current firmware', path: officialFirmwarePath() },
  // What a real Pico may still run (v1.22): the probe and the decoder must hold there too.
  { label: 'older firmware', path: olderFirmwarePath() },
];
if (!firmwares[0].path)
  console.warn('[skip] probe on the Virtual Pico (float32): set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

// Floats bound to globals, and per float: name, id(), repr() and the float32 bit pattern the board packs.
const FLOATS = `
import struct
fa = 1.1
fb = -2.5e-07
fc = 1 / 3
fd = 3.4e38
fe = float('inf')
ff = -0.0
fg = 16777217.0
fh = 0.1 + 0.2
for _n in ('fa', 'fb', 'fc', 'fd', 'fe', 'ff', 'fg', 'fh'):
    _v = globals()[_n]
    print('F', _n, id(_v), struct.unpack('<I', struct.pack('<f', _v))[0], repr(_v))
del _n, _v
`;

interface BoardFloat {
  name: string;
  address: number;
  bits: number;
  repr: string;
}

function parseFloats(stdout: string): BoardFloat[] {
  return stdout
    .split(/\r?\n/)
    .filter((l) => l.startsWith('F '))
    .map((l) => {
      const [, name, id, bits, repr] = l.split(' ');
      return { name, address: Number(id), bits: Number(bits), repr };
    });
}

const hex = (n: number) => '0x' + n.toString(16);

for (const { label, path: firmwarePath } of firmwares)
  describe.skipIf(!firmwarePath)(`heap probe on the Virtual Pico (MicroPython rp2, float32, ${label})`, () => {
    let board: VirtualPicoBoard;
    let session: ReplSession;
    let facts: ProbeFacts;
    let floats: BoardFloat[];
    let image: MemoryImage;

    beforeAll(async () => {
      const { VirtualPicoBoard } = await import('../../src/board/virtual-pico/virtual-pico-board');
      board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(firmwarePath!)), hosting: 'inline' });
      session = new ReplSession(board);
      await board.connect();
      const r = await session.exec(FLOATS);
      expect(r.stderr).toBe('');
      floats = parseFloats(r.stdout);
      // The probe as the CLI runs it (source read from disk, no vite).
      facts = await runProbe(session, readProbeSourceNode());
      // Type objects live in flash on the Pico: the decoder needs them to know a float when it sees one.
      image = await board.memory({ includeFlash: true });
    });
    afterAll(async () => {
      session?.dispose();
      await board?.dispose();
    });

    test('the facts say float32, and the board agrees by a different test (1e38 * 10 overflows)', async () => {
      expect(facts.floatBits).toBe(32);
      const r = await session.exec("print(1e38 * 10 == float('inf'), 16777217.0 == 16777216.0)");
      expect(r.stdout.trim()).toBe('True True'); // both only hold with single precision
    });

    test('the facts describe the rp2 firmware as the board itself does', async () => {
      const r = await session.exec(
        'import sys\n' +
          "print(sys.platform, '.'.join(str(n) for n in sys.implementation.version[:3]), id(float), id(globals()))\n" +
          'print(sys.implementation._machine)',
      );
      const [first, machine] = r.stdout.trim().split(/\r?\n/);
      const [platform, version, floatType, globalsId] = first.split(' ');
      expect(facts.platform).toBe(platform);
      expect(platform).toBe('rp2');
      expect(facts.implementation.version).toBe(version);
      expect(facts.implementation.machine).toBe(machine);
      expect(machine).toMatch(/Raspberry Pi Pico with RP2040/);
      expect(facts.types.float).toBe(Number(floatType));
      expect(facts.globals).toBe(Number(globalsId));
    });

    test('each float object holds its type at +0 and its float32 bits at +4, as the board packs them', () => {
      expect(floats.map((f) => f.name)).toEqual(['fa', 'fb', 'fc', 'fd', 'fe', 'ff', 'fg', 'fh']);
      for (const f of floats) {
        expect(image.u32(f.address), `type pointer of ${f.name}`).toBe(facts.types.float);
        expect(image.u32(f.address + 4), `bits of ${f.name} = ${f.repr}`).toBe(f.bits);
      }
    });

    test("a float object in the decoded heap has the value the board prints (repr) and is the global's target", () => {
      const snap = inspectHeap(image, facts, { board: 'virtual-pico' });
      expect(snap.warnings).toEqual([]);
      const byAddress = new Map(snap.objects.map((o) => [o.address, o]));
      for (const f of floats) {
        const object = byAddress.get(hex(f.address));
        expect(object, `${f.name} at ${hex(f.address)}`).toBeDefined();
        expect(object!.type).toBe('float');
        expect(object!.kind).toBe('float');
        expect(object!.value, f.name).toBe(f.repr);
        expect(object!.heap).toBe(true);
        expect(snap.globals.find((g) => g.name === f.name)?.value).toEqual({ ref: hex(f.address) });
      }
    });

    test('decoding the same memory as if floats were 64-bit does not give the board values', () => {
      // Shows the float32 path is what makes the values right: the double path reads 8 bytes at +8.
      const wrong = inspectHeap(image, { ...facts, floatBits: 64 }, { board: 'virtual-pico' });
      const byAddress = new Map(wrong.objects.map((o) => [o.address, o]));
      const fa = floats.find((f) => f.name === 'fa')!;
      expect(byAddress.get(hex(fa.address))?.value).not.toBe(fa.repr);
    });
  });
