// Why a program did not end with its own result (src/repl/run-failure.ts), as the app and the CLI
// both read it: the caller's time limit first, then what the board is doing, then the error.
import { describe, expect, test } from 'vitest';
import { ProgramTimeoutError, ReplAbortedError, ReplTimeoutError } from '../../src/repl/byte-reader';
import { classifyRunFailure } from '../../src/repl/run-failure';

describe('classifyRunFailure', () => {
  test('each case', () => {
    expect(classifyRunFailure(new ProgramTimeoutError('after 2000 ms'), 'busy')).toEqual({
      kind: 'timeout',
      detail: 'after 2000 ms',
    });
    expect(classifyRunFailure(new ReplAbortedError('board bootsel'), 'bootsel')).toEqual({ kind: 'bootsel' });
    expect(classifyRunFailure(new ReplAbortedError('board restarted'), 'connecting')).toEqual({ kind: 'restarted' });
    expect(classifyRunFailure(new ReplAbortedError('program stopped'), 'ready')).toEqual({ kind: 'interrupted' });
    expect(classifyRunFailure(new ReplTimeoutError('no raw prompt'), 'busy')).toEqual({
      kind: 'no-answer',
      detail: 'no raw prompt',
    });
    expect(classifyRunFailure(new Error('odd'), 'ready')).toEqual({ kind: 'error', detail: 'odd' });
    // A protocol timeout while the board is in BOOTSEL is the BOOTSEL's doing.
    expect(classifyRunFailure(new ReplTimeoutError('no answer'), 'bootsel')).toEqual({ kind: 'bootsel' });
  });
});
