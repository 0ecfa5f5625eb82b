import { VirtualPicoBoard } from '../board/virtual-pico/virtual-pico-board';
import { savingBeforeDispose } from './save-before-dispose';

/** A Virtual Pico that gives the lab a last chance to save its flash before it goes away. */
export const PersistentVirtualPico = savingBeforeDispose(VirtualPicoBoard);
export type PersistentVirtualPico = VirtualPicoBoard;
