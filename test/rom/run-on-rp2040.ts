/**
 * Runs a flash image on real rp2040js with the project ROM, collecting UART0 output, until `until`
 * matches the output or the instruction budget runs out. The loop is the synchronous one from
 * DESIGN §2: executeInstruction() plus clock ticks, jumping the clock to the next alarm while the core
 * sleeps.
 */
import { RP2040 } from 'rp2040js';
import { bootFromRom, installRom, type RomHooks } from '../../src/pico/rom/index.ts';

export interface RunResult {
  output: string;
  instructions: number;
  mcu: RP2040;
  stoppedBecause: 'matched' | 'budget' | 'asleep';
}

const CYCLE_NANOS = 8; // 125 MHz

export function runOnRp2040(
  image: Uint8Array,
  options: { until: RegExp; maxInstructions: number; hooks?: RomHooks; mcu?: RP2040 },
): RunResult {
  const mcu = options.mcu ?? new RP2040();
  mcu.logger = { debug() {}, info() {}, warn() {}, error: (c: string, m: string) => console.error(c, m) };
  installRom(mcu, options.hooks);
  mcu.flash.set(image);
  bootFromRom(mcu);
  let output = '';
  mcu.uart[0].onByte = (byte: number) => {
    output += String.fromCharCode(byte);
  };
  const { core, clock } = mcu;
  const sim = clock as unknown as { tick(n: number): void; nanosToNextAlarm: number };
  let instructions = 0;
  let idleJumps = 0;
  while (instructions < options.maxInstructions) {
    if (core.waiting) {
      const next = sim.nanosToNextAlarm;
      if (!Number.isFinite(next) || next <= 0 || ++idleJumps > 10_000) {
        return { output, instructions, mcu, stoppedBecause: 'asleep' };
      }
      sim.tick(next);
      continue;
    }
    for (let i = 0; i < 1000; i++) {
      const cycles = core.executeInstruction();
      sim.tick(cycles * CYCLE_NANOS);
      if (core.waiting) break;
    }
    instructions += 1000;
    if (options.until.test(output)) return { output, instructions, mcu, stoppedBecause: 'matched' };
  }
  return { output, instructions, mcu, stoppedBecause: options.until.test(output) ? 'matched' : 'budget' };
}
