// ReportingLogger (src/pico/reporting-logger.ts), the rp2040js logger of every Virtual Pico:
// debug/info chatter is dropped; warnings and errors reach `report` as one line each, once
// per kind of message (numbers and addresses do not count), at most `limit` lines in all; and it never
// throws, where rp2040js's default logger throws on errors. Messages come from a real
// rp2040js RP2040 where rp2040js has one to give, and from direct calls for the edges.
import { RP2040, type Logger } from 'rp2040js';
import { describe, expect, test } from 'vitest';
import { ReportingLogger } from '../../src/pico/reporting-logger';

function logged(limit?: number): { logger: ReportingLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new ReportingLogger((m) => lines.push(m), limit), lines };
}

function chipWith(logger: ReportingLogger): RP2040 {
  const rp2040 = new RP2040();
  rp2040.logger = logger;
  return rp2040;
}

describe('ReportingLogger with a real rp2040js RP2040', () => {
  const unalignedReadTitle =
    "rp2040js's default logger throws on an unaligned read; with ReportingLogger the read goes on and is reported";
  test(unalignedReadTitle, () => {
    const plain = new RP2040();
    const quiet = console.error;
    console.error = () => {}; // the default logger also prints to the console
    try {
      expect(() => plain.readUint32(0x20000001)).toThrow(/not 32 bit aligned/);
    } finally {
      console.error = quiet;
    }

    const { logger, lines } = logged();
    const rp2040 = chipWith(logger);
    rp2040.sram.set([0x11, 0x22, 0x33, 0x44, 0x55]);
    expect(rp2040.readUint32(0x20000001)).toBe(0x55443322);
    expect(lines).toEqual(['RP2040 error: read from address 20000001, which is not 32 bit aligned']);
  });

  test('a warning is reported as "component: message"', () => {
    const { logger, lines } = logged();
    const rp2040 = chipWith(logger);
    expect(rp2040.readUint32(0x30000000)).toBe(0xffffffff);
    rp2040.writeUint32(0x30000000, 1);
    expect(lines).toEqual([
      'RP2040: Read from invalid memory address: 30000000',
      'RP2040: Write to undefined address: 30000000',
    ]);
  });

  test('a firmware polling the same bad address a thousand times is reported once', () => {
    const { logger, lines } = logged();
    const rp2040 = chipWith(logger);
    for (let i = 0; i < 1000; i++) rp2040.readUint32(0x30000000);
    expect(lines).toEqual(['RP2040: Read from invalid memory address: 30000000']);
  });

  test('the watchdog without a reset handler: its warning, once', () => {
    const { logger, lines } = logged();
    const rp2040 = chipWith(logger);
    const WATCHDOG_CTRL = 0x40058000;
    const TRIGGER = 1 << 31;
    rp2040.writeUint32(WATCHDOG_CTRL, TRIGGER);
    rp2040.writeUint32(WATCHDOG_CTRL, TRIGGER);
    expect(lines).toEqual(['WATCHDOG_BASE: Watchdog triggered, but no reset handler provided']);
  });

  // rp2040js puts the address early in the line: were each address a new message, a firmware touching
  // many unmapped addresses would use up the whole budget and later kinds would never be shown.
  test('many different bad addresses do not use up the budget: a later kind of warning is still reported', () => {
    const { logger, lines } = logged();
    const rp2040 = chipWith(logger);
    for (let i = 0; i < 100; i++) rp2040.readUint32(0x30000000 + i * 4);
    rp2040.writeUint32(0x40058000, 1 << 31); // the watchdog warning
    expect(lines).toContain('WATCHDOG_BASE: Watchdog triggered, but no reset handler provided');
  });
});

describe('ReportingLogger: the rules', () => {
  test('debug and info are dropped', () => {
    const { logger, lines } = logged();
    // As rp2040js sees it: its Logger interface, called with (component, message).
    const asRp2040Sees: Logger = logger;
    asRp2040Sees.debug('USB', 'every transfer');
    asRp2040Sees.info('USB', 'connected');
    expect(lines).toEqual([]);
  });

  test('an error is "component error: message"; the same text as a warning and as an error are two messages', () => {
    const { logger, lines } = logged();
    logger.warn('PIO', 'same text');
    logger.error('PIO', 'same text');
    logger.error('PIO', 'same text');
    expect(lines).toEqual(['PIO: same text', 'PIO error: same text']);
  });

  test('the same message from another component is another message', () => {
    const { logger, lines } = logged();
    logger.warn('UART0', 'overrun');
    logger.warn('UART1', 'overrun');
    expect(lines).toEqual(['UART0: overrun', 'UART1: overrun']);
  });

  test('messages that differ only in numbers or addresses are one kind; other words make another', () => {
    const { logger, lines } = logged();
    logger.warn('X', 'Read from invalid memory address: 30000000');
    logger.warn('X', 'Read from invalid memory address: 30000004'); // another address: same kind
    logger.warn('X', 'Read from invalid memory address: 0x1f00'); // hex with 0x: same kind
    logger.warn('X', 'Write to invalid memory address: 30000000'); // another verb: new
    logger.warn('X', 'FIFO 2 full'); // a number in another message
    logger.warn('X', 'FIFO 3 full'); // same kind
    expect(lines).toEqual([
      'X: Read from invalid memory address: 30000000',
      'X: Write to invalid memory address: 30000000',
      'X: FIFO 2 full',
    ]);
  });

  test('long messages that agree in their first 80 characters (numbers aside) count as one', () => {
    const { logger, lines } = logged();
    logger.warn('X', 'a'.repeat(90) + 'one');
    logger.warn('X', 'a'.repeat(90) + 'two');
    logger.warn('X', 'a'.repeat(70) + 'b'.repeat(20));
    expect(lines).toEqual(['X: ' + 'a'.repeat(90) + 'one', 'X: ' + 'a'.repeat(70) + 'b'.repeat(20)]);
  });

  test('the first report of a kind is the whole line, not cut at 80 characters', () => {
    const { logger, lines } = logged();
    const long = 'm'.repeat(200);
    logger.error('C', long);
    expect(lines).toEqual([`C error: ${long}`]);
  });

  test('at most `limit` lines in all; repeats do not count towards it', () => {
    const { logger, lines } = logged(3);
    logger.warn('A', 'one');
    logger.warn('A', 'one');
    logger.warn('A', 'two');
    logger.error('A', 'one');
    logger.warn('A', 'three'); // the fourth distinct message
    logger.warn('A', 'one'); // still a repeat
    expect(lines).toEqual(['A: one', 'A: two', 'A error: one']);
  });

  test('the default limit is 50', () => {
    const { logger, lines } = logged();
    const word = (i: number) => 'kind ' + 'x'.repeat(i + 1); // numbers would make them one kind
    for (let i = 0; i < 80; i++) logger.warn('K', word(i));
    expect(lines).toHaveLength(50);
    expect(lines.at(-1)).toBe('K: ' + word(49));
  });

  test('a limit of 0 reports nothing', () => {
    const { logger, lines } = logged(0);
    logger.error('Z', 'nothing');
    expect(lines).toEqual([]);
  });
});
