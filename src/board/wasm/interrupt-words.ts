/**
 * Where `mp_sched_keyboard_interrupt()` writes in linear memory: the words the
 * main thread sets itself to raise KeyboardInterrupt in a running loop.
 */
export interface InterruptWords {
  /** MP_STATE_MAIN_THREAD(mp_pending_exception): a 4-byte word. */
  pendingException: number;
  /** The value it gets: the address of MP_STATE_VM(mp_kbd_exception). */
  kbdException: number;
  /** The exception's traceback_data (reset to NULL so an old traceback isn't extended). */
  kbdTraceback: number;
  /** MP_STATE_VM(sched_state): an int16; IDLE is 1 and PENDING 0 (py/mpstate.h: 0 makes the VM's check quick). */
  schedState: number;
}

export const SCHED_IDLE = 1;
export const SCHED_PENDING = 0;

/** Byte offset of traceback_data in mp_obj_exception_t on wasm32 (base, alloc:16 + len:16, data). */
const TRACEBACK_DATA_OFFSET = 8;

/**
 * Finds the words by experiment instead of by symbol (the build has no symbol
 * map): snapshot memory, call the C function, diff. Then let Python raise that
 * interrupt once, which checks the traceback offset and returns the interpreter
 * to its idle state. Throws a clear error when anything has an unexpected shape
 * (another build): the caller then falls back to restarting on Stop.
 */
/** What the search needs of the interpreter: run Python, and raise its pending KeyboardInterrupt. */
export interface InterruptTarget {
  runPython(code: string): unknown;
  _module: { _mp_sched_keyboard_interrupt(): void };
}

export function findInterruptWords(mp: InterruptTarget, memory: WebAssembly.Memory): InterruptWords {
  const before = new Uint8Array(memory.buffer).slice();
  mp._module._mp_sched_keyboard_interrupt();
  const now = new DataView(memory.buffer);
  const old = new DataView(before.buffer);
  const changed: number[] = []; // 4-aligned word addresses
  for (let a = 0; a + 4 <= before.length; a += 4)
    if (now.getUint32(a, true) !== old.getUint32(a, true)) changed.push(a);
  const describe = () =>
    changed.map((a) => `${a}: ${old.getUint32(a, true)}→${now.getUint32(a, true)}`).join(', ') || 'nothing';

  let words: InterruptWords;
  try {
    const pending = changed.filter(
      (a) => old.getUint32(a, true) === 0 && now.getUint32(a, true) !== 0 && now.getUint32(a, true) % 4 === 0,
    );
    const sched = changed.filter((a) => [1, 0x10000].includes((old.getUint32(a, true) ^ now.getUint32(a, true)) >>> 0));
    if (pending.length !== 1 || sched.length !== 1) {
      throw new Error(`mp_sched_keyboard_interrupt changed unexpected words (${describe()})`);
    }
    const kbdException = now.getUint32(pending[0], true);
    const kbdTraceback = kbdException + TRACEBACK_DATA_OFFSET;
    const expected = new Set([pending[0], sched[0], kbdTraceback]);
    if (changed.some((a) => !expected.has(a))) {
      throw new Error(`mp_sched_keyboard_interrupt changed unexpected words (${describe()})`);
    }
    const schedState = sched[0] + ((old.getUint32(sched[0], true) ^ now.getUint32(sched[0], true)) === 0x10000 ? 2 : 0);
    if (old.getInt16(schedState, true) !== SCHED_IDLE || now.getInt16(schedState, true) !== SCHED_PENDING) {
      throw new Error(`sched_state did not go from idle to pending (${describe()})`);
    }
    words = { pendingException: pending[0], kbdException, kbdTraceback, schedState };
  } catch (e) {
    // Not understood: put every byte back, so no interrupt is left pending for the fallback board.
    for (const a of changed) now.setUint32(a, old.getUint32(a, true), true);
    throw e;
  }

  // Let Python take the interrupt: it must clear the pending word and give the exception a traceback.
  const raise = () => {
    try {
      mp.runPython('for _ in range(2):\n    pass\n');
      return false;
    } catch {
      return true;
    }
  };
  const { pendingException, kbdTraceback, schedState } = words;
  if (!raise()) {
    now.setUint32(pendingException, 0, true); // don't leave it for the first program
    throw new Error('the interrupt written by mp_sched_keyboard_interrupt was not raised');
  }
  const after = new DataView(memory.buffer);
  if (after.getUint32(pendingException, true) !== 0 || after.getUint32(kbdTraceback, true) === 0) {
    throw new Error('KeyboardInterrupt did not look as expected after it was raised');
  }
  // Raising skips the scheduler's own bookkeeping; one more VM check returns sched_state to idle.
  const raisedAgain = raise();
  mp.runPython("globals().pop('_', None)"); // the loop's variable is not the learner's
  if (raisedAgain || after.getInt16(schedState, true) !== SCHED_IDLE)
    throw new Error('sched_state did not return to idle');
  return words;
}
