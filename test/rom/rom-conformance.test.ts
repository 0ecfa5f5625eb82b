/**
 * ROM conformance: our own C firmware (test/firmware-src/rom-check) looks up every ROM function and data
 * item through the ROM tables as pico-sdk does, checks results against libgcc/newlib/hand-checked values
 * and reports over UART0. Runs on real rp2040js with the project ROM.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArmFirmware } from '../support/arm-toolchain.ts';
import { runOnRp2040, type RunResult } from './run-on-rp2040.ts';

/** Checks the firmware performs; a silent stop or a skipped group shows up as a different count. */
const EXPECTED_CHECKS = 303;

describe('project ROM conformance (rom-check firmware on rp2040js)', () => {
  let run: RunResult;
  let lines: string[];

  beforeAll(() => {
    const firmware = buildArmFirmware('rom-check');
    run = runOnRp2040(firmware.image, { until: /done \d+\/\d+\n/, maxInstructions: 400_000_000 });
    lines = run.output.split('\n').filter((l) => l.length > 0);
  }, 120_000);

  it('boots through the ROM reset path and boot2 into the firmware', () => {
    expect(lines[0]).toBe('rom-check start');
  });

  it('reports no failing check', () => {
    const failures = lines.filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
  });

  it(`runs all ${EXPECTED_CHECKS} checks to the end`, () => {
    expect(run.stoppedBecause).toBe('matched');
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(EXPECTED_CHECKS);
    expect(lines.at(-1)).toBe(`done ${EXPECTED_CHECKS}/${EXPECTED_CHECKS}`);
  });

  it('every output line is a check result (no stray output)', () => {
    const other = lines.slice(1, -1).filter((l) => !/^(ok|FAIL) \S+/.test(l));
    expect(other).toEqual([]);
  });

  it('covers every ROM function code and data code by name', () => {
    for (const code of 'P3 R3 L3 T3 MS S4 MC C4 UB DT DE WV IF EX RE RP FC CX EC'.split(' ')) {
      expect(lines).toContain(`ok func_${code}`);
    }
    for (const code of 'CR GR SF SD FZ FS FE DS DE'.split(' ')) expect(lines).toContain(`ok data_${code}`);
  });
});
