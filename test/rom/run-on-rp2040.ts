/**
 * Runs a flash image on real rp2040js with the project ROM, collecting UART0 output, until `until`
 * matches the output or the instruction budget runs out. The loop is the synchronous one from
 * docs/architecture.md#run-loop-pacing-and-clock: executeInstruction() plus clock ticks, jumping the
 * clock to the next alarm while the core sleeps.
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
  const { instructions, stoppedBecause } = runUntil(mcu, () => options.until.test(output), options.maxInstructions);
  return { output, instructions, mcu, stoppedBecause };
}

/**
 * Steps the chip until `done()` (checked every 1000 instructions) or the budget runs out. While the core
 * sleeps the clock jumps to the next alarm; a core asleep with no alarm pending ends the run.
 */
export function runUntil(
  mcu: RP2040,
  done: () => boolean,
  maxInstructions: number,
): { instructions: number; stoppedBecause: RunResult['stoppedBecause'] } {
  const { core, clock } = mcu;
  const sim = clock as unknown as { tick(n: number): void; nanosToNextAlarm: number };
  let instructions = 0;
  while (instructions < maxInstructions) {
    if (core.waiting) {
      const next = sim.nanosToNextAlarm;
      if (!Number.isFinite(next) || next <= 0) return { instructions, stoppedBecause: 'asleep' };
      sim.tick(next);
      instructions += 10; // sleeping still spends budget, so a core that only sleeps cannot loop forever
    } else {
      for (let i = 0; i < 1000; i++) {
        const cycles = core.executeInstruction();
        sim.tick(cycles * CYCLE_NANOS);
        if (core.waiting) break;
      }
      instructions += 1000;
    }
    if (done()) return { instructions, stoppedBecause: 'matched' };
  }
  return { instructions, stoppedBecause: done() ? 'matched' : 'budget' };
}
