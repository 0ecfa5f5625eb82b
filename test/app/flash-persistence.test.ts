/**
 * FlashPersistence on a real Virtual Pico: the flash is saved after a run once the board is quiet,
 * and only when it changed, so "Files saved in this browser at …" moves only when a program wrote a
 * file (not after the heap inspector's probe, nor after a run that only prints). The store is the
 * app's own flash store over an in-memory key-value store (IndexedDB does not exist in Node).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { FlashPersistence } from '../../src/app/flash-persistence';
import { createFlashStore, type StoredFlash } from '../../src/firmware/flash-store';
import type { KeyValueStore } from '../../src/firmware/idb';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { buildUsbReplFirmware } from '../support/build-usb-repl';

const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);
if (!hasFirmware) console.warn('[skip] flash persistence with MicroPython: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

function memoryKv<T>(): KeyValueStore<T> & { puts: number } {
  const map = new Map<string, T>();
  const kv = {
    puts: 0,
    get: async (key: string) => map.get(key),
    put: async (key: string, value: T) => {
      kv.puts++;
      map.set(key, value);
    },
    delete: async (key: string) => void map.delete(key),
    clear: async () => map.clear(),
    keys: async () => [...map.keys()],
  };
  return kv;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setUp(firmware: Uint8Array) {
  const board = new VirtualPicoBoard({ firmware, hosting: 'inline' });
  await board.connect();
  const kv = memoryKv<StoredFlash>();
  const saves: number[] = [];
  const persistence = new FlashPersistence(board, {
    store: createFlashStore(kv),
    firmwareId: 'fw',
    idleMs: 50,
    onSaved: (at) => saves.push(at),
  });
  const session = new ReplSession(board);
  cleanup.push(async () => {
    persistence.dispose();
    session.dispose();
    await board.dispose();
  });
  /** Waits until the board has been quiet long enough for a save to have happened. */
  const settle = async () => {
    await sleep(400);
    await persistence.flush();
  };
  return { board, session, kv, saves, settle };
}

describe('flash persistence saves only a changed flash', () => {
  test('the project test firmware: the first activity saves once, later output alone saves nothing', async () => {
    const fw = await buildUsbReplFirmware();
    const { session, kv, saves, settle } = await setUp(fw.uf2);
    await session.exec("print('one')\n");
    await settle();
    expect(saves).toHaveLength(1); // nothing stored yet: the first image is saved
    await session.exec("print('two')\n");
    await settle();
    expect(saves).toHaveLength(1); // same flash: not written again
    expect(kv.puts).toBe(1);
  });

  test.skipIf(!hasFirmware)(
    'MicroPython: a program that writes a file saves; one that only prints does not',
    async () => {
      const { session, saves, settle } = await setUp(new Uint8Array(readFileSync(FIRMWARE!)));
      await session.exec("print('hello')");
      await settle();
      const afterBoot = saves.length; // the boot formatted littlefs: saved once
      expect(afterBoot).toBe(1);
      await session.exec("with open('a.txt', 'w') as f:\n    f.write('data')");
      await settle();
      expect(saves).toHaveLength(afterBoot + 1);
      await session.exec("print(open('a.txt').read())");
      await settle();
      expect(saves).toHaveLength(afterBoot + 1);
    },
  );
});
