/**
 * RunLoop on a real rp2040js RP2040 with two hand-assembled Thumb programs in flash:
 * `b .` (spin) and `wfi; b .-2` (sleep). Checks that the clock follows executed cycles,
 * alarms fire at their own timestamp, and a sleeping core stops at the pacing limit.
 */
import { describe, expect, it } from 'vitest';
import { RP2040 } from 'rp2040js';
import { RunLoop } from '../../src/pico/run-loop';

const B_SELF = 0xe7fe; // b .
const WFI = 0xbf30;
const B_BACK_4 = 0xe7fc; // b .-4 (back to the wfi)

function machine(...code: number[]) {
  const mcu = new RP2040();
  mcu.logger = { debug() {}, info() {}, warn() {}, error() {} };
  code.forEach((halfword, i) => mcu.flashView.setUint16(i * 2, halfword, true));
  mcu.core.PC = 0x10000000;
  mcu.core.SP = 0x20042000;
  return { mcu, loop: new RunLoop(mcu) };
}

describe('RunLoop', () => {
  it('advances the clock by executed cycles × clk_sys period', () => {
    const { mcu, loop } = machine(B_SELF);
    const cycles0 = mcu.core.cycles;
    expect(loop.run(10_000, Infinity)).toBe('budget');
    const cycles = mcu.core.cycles - cycles0;
    expect(cycles).toBeGreaterThanOrEqual(10_000);
    expect(loop.nanos).toBeCloseTo((cycles * 1e9) / mcu.clkSys, 6);
    expect(loop.instructions).toBeGreaterThan(0);
  });

  it('fires an alarm at its own timestamp, not at the end of a batch', () => {
    const { mcu, loop } = machine(B_SELF);
    const fired: number[] = [];
    const clock = mcu.clock as unknown as {
      nanos: number;
      createAlarm(cb: () => void): { schedule(ns: number): void };
    };
    clock.createAlarm(() => fired.push(clock.nanos)).schedule(1000);
    loop.run(100_000, Infinity);
    expect(fired).toEqual([1000]);
  });

  it('stops a sleeping core at the pacing limit and jumps to alarms within it', () => {
    const { mcu, loop } = machine(WFI, B_BACK_4);
    expect(loop.run(100_000, Infinity)).toBe('waiting'); // no alarm at all: nothing to wait for
    expect(mcu.core.waiting).toBe(true);
    const clock = mcu.clock as unknown as {
      nanos: number;
      createAlarm(cb: () => void): { schedule(ns: number): void };
    };
    let fired = 0;
    clock.createAlarm(() => fired++).schedule(5_000_000); // 5 ms ahead
    const start = loop.nanos;
    expect(loop.run(100_000, start + 1_000_000)).toBe('waiting'); // limit 1 ms: must not jump
    expect(loop.nanos).toBe(start);
    expect(fired).toBe(0);
    loop.run(100_000, start + 10_000_000); // limit 10 ms: jumps to the alarm
    expect(fired).toBe(1);
    expect(loop.nanos).toBeGreaterThanOrEqual(start + 5_000_000);
  });

  it('requestStop() ends the run after the current instruction', () => {
    const { mcu, loop } = machine(B_SELF);
    const clock = mcu.clock as unknown as { createAlarm(cb: () => void): { schedule(ns: number): void } };
    clock.createAlarm(() => loop.requestStop()).schedule(800);
    expect(loop.run(1_000_000, Infinity)).toBe('stopped');
    expect(loop.nanos).toBeLessThan(900);
  });
});
