import { VirtualPicoBoard, type VirtualPicoOptions } from '../pico/virtual-pico-board';

/**
 * A Virtual Pico that gives the lab a last chance to save its flash before it
 * goes away (board switch, page teardown): the worker, and with it the flash,
 * is gone after dispose().
 */
export class PersistentVirtualPico extends VirtualPicoBoard {
  constructor(
    options: VirtualPicoOptions,
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
