import type { RP2040 } from 'rp2040js';

/**
 * The fields of rp2040js's SimulationClock that the fast loop touches directly.
 * They are `private` in the typings but plain properties at run time; going
 * around `tick()` for every instruction is where most of the speed-up comes from.
 */
interface ClockInternals {
  nanosCounter: number;
  nextAlarm: { nanos: number } | null;
  tick(deltaNanos: number): void;
}

export type SliceEnd =
  /** Ran the whole cycle budget. */
  | 'budget'
  /** The core sleeps (WFI/WFE) and no alarm is due before `limitNanos`. */
  | 'waiting'
  /** `requestStop()` was called (reboot, BOOTSEL, pause). */
  | 'stopped';

/**
 * Executes instructions on one RP2040 with the clock advanced in cycles × (1/clk_sys).
 *
 * Compared with upstream `Simulator.execute()`: the clock counter is bumped in
 * place and `tick()` is only called when an alarm is actually due (same
 * semantics: alarms fire at their own timestamp), and a sleeping core jumps to
 * the next alarm only while it is not later than the caller's pacing limit,
 * so an idle board can stop instead of spinning through timer ticks.
 */
export class RunLoop {
  /** Instructions executed since construction (for MIPS figures). */
  instructions = 0;
  private stopRequested = false;
  private readonly clock: ClockInternals;

  constructor(private readonly rp2040: RP2040) {
    this.clock = rp2040.clock as unknown as ClockInternals;
  }

  /** Makes the current (or next) `run()` return 'stopped' after the current instruction. */
  requestStop(): void {
    this.stopRequested = true;
  }

  /** Virtual time in nanoseconds. */
  get nanos(): number {
    return this.clock.nanosCounter;
  }

  /** Virtual time of the next due alarm, or undefined when none is scheduled. */
  get nextAlarmNanos(): number | undefined {
    return this.clock.nextAlarm?.nanos;
  }

  /**
   * Runs at most `maxCycles` cycles. While the core sleeps, the clock jumps to the next
   * alarm if that alarm is due no later than `limitNanos` (virtual time).
   */
  run(maxCycles: number, limitNanos: number): SliceEnd {
    const { rp2040, clock } = this;
    const core = rp2040.core;
    const cycleNanos = 1e9 / rp2040.clkSys;
    let cycles = 0;
    let executed = 0;
    let end: SliceEnd = 'budget';
    this.stopRequested = false;
    while (cycles < maxCycles) {
      if (core.waiting) {
        const next = clock.nextAlarm;
        if (next === null || next.nanos > limitNanos) {
          end = 'waiting';
          break;
        }
        const delta = next.nanos - clock.nanosCounter;
        clock.tick(delta > 0 ? delta : 0);
        cycles += delta / cycleNanos;
        if (this.stopRequested) {
          end = 'stopped';
          break;
        }
        continue;
      }
      // Hot path: no waiting check inside executeInstruction's callers except here.
      const c = core.executeInstruction();
      executed++;
      cycles += c;
      clock.nanosCounter += c * cycleNanos;
      const alarm = clock.nextAlarm;
      if (alarm !== null && alarm.nanos <= clock.nanosCounter) clock.tick(0);
      if (this.stopRequested) {
        end = 'stopped';
        break;
      }
    }
    this.instructions += executed;
    return end;
  }
}
