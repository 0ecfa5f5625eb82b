import { WasmBoard } from '../board/wasm/wasm-board';
import { savingBeforeDispose } from './save-before-dispose';

/** The browser board that gives the lab a last chance to save its files before it goes away. */
export const PersistentWasmBoard = savingBeforeDispose(WasmBoard);
export type PersistentWasmBoard = WasmBoard;
