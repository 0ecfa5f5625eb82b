import type { VirtualPicoBoard, VirtualPicoOptions } from './virtual-pico/virtual-pico-board';
import type { WasmBoard, WasmBoardOptions } from './wasm/wasm-board';
import type { UsbPicoBoard } from './usb-pico/usb-pico-board';
import type { SerialPortLike } from './usb-pico/web-serial';

/**
 * How each kind of board is made: the one place the app's board setups and the command line build
 * boards. Each board's code is imported when that board is first made, so a page loads the
 * emulator, the WebAssembly worker or the Web Serial code only for the board chosen. What differs
 * between the app and the CLI comes in as options: the firmware and flash, where the emulator
 * runs, how the WebAssembly worker starts (a Web Worker, or a Node worker thread).
 */
export const makeBoard = {
  async 'virtual-pico'(options: VirtualPicoOptions): Promise<VirtualPicoBoard> {
    const { VirtualPicoBoard } = await import('./virtual-pico/virtual-pico-board');
    return new VirtualPicoBoard(options);
  },
  async 'browser-wasm'(options: WasmBoardOptions = {}): Promise<WasmBoard> {
    const { WasmBoard } = await import('./wasm/wasm-board');
    return new WasmBoard(options);
  },
  async 'usb-pico'(port: SerialPortLike): Promise<UsbPicoBoard> {
    const { UsbPicoBoard } = await import('./usb-pico/usb-pico-board');
    return new UsbPicoBoard(port);
  },
};
