// ReplSession on the Virtual Pico with the project's usb-repl test firmware (real
// rp2040js, real USB CDC): what the session does when the board stops answering.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { ProgramTimeoutError, ReplTimeoutError } from '../../src/repl/byte-reader';
import { buildUsbReplFirmware } from '../support/build-usb-repl';

let board: VirtualPicoBoard;

beforeAll(async () => {
  board = new VirtualPicoBoard({ firmware: (await buildUsbReplFirmware()).uf2, hosting: 'inline' });
  await board.connect();
});
afterAll(async () => {
  await board?.dispose();
});

describe('ReplSession on the usb-repl test firmware', () => {
  test('a board that stops answering times out as the protocol, not as the program', async () => {
    const session = new ReplSession(board, { answerMs: 300, interruptGraceMs: 300 });
    expect((await session.exec("print('awake')\n")).stdout).toContain('awake');
    await board.pause(); // the emulated CPU stops: nothing answers any more
    const error = await session.exec("print('asleep')\n", { timeoutMs: 60_000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ReplTimeoutError);
    expect(error).not.toBeInstanceOf(ProgramTimeoutError);
    await board.resume();
    expect((await session.exec("print('awake again')\n")).stdout).toContain('awake again');
    session.dispose();
  });
});
