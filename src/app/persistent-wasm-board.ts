import { WasmBoard, type WasmBoardOptions } from '../board/wasm/wasm-board';

/**
 * The browser board that gives the lab a last chance to save its files before it goes away
 * (board switch, page teardown): they live in its worker, which is gone after dispose().
 */
export class PersistentWasmBoard extends WasmBoard {
  constructor(
    options: WasmBoardOptions,
    private readonly beforeDispose: () => Promise<void>,
  ) {
    super(options);
  }

  override async dispose(): Promise<void> {
    try {
      await this.beforeDispose();
    } catch {
      /* saving is best effort; the board goes anyway */
    }
    await super.dispose();
  }
}
