import type { RP2040 } from 'rp2040js';

/** SIO offsets of the inter-core FIFO, which rp2040js does not model (there is no core 1). */
const FIFO_ST = 0x50;
const FIFO_WR = 0x54;
const FIFO_RD = 0x58;
const FIFO_ST_RDY = 1 << 1; // "TX FIFO not full": writes are accepted (and dropped)

/**
 * Stops rp2040js's SIO from printing a console warning for every access to the
 * core-1 FIFO (millions of lines when firmware polls it, DESIGN §2). The FIFO
 * reads as "empty, room to write", so a core-1 launch waits forever instead of
 * failing; any other unknown SIO access is reported once through `report`.
 */
export function quietSio(rp2040: RP2040, report: (message: string) => void = () => {}): void {
  const sio = rp2040.sio;
  const read = sio.readUint32.bind(sio);
  const write = sio.writeUint32.bind(sio);
  let reportedCore1 = false;
  const core1 = () => {
    if (!reportedCore1) {
      reportedCore1 = true;
      report('firmware tried to use core 1, which the Virtual Pico does not emulate');
    }
  };
  sio.readUint32 = (offset: number): number => {
    if (offset === FIFO_ST) return FIFO_ST_RDY;
    if (offset === FIFO_RD) {
      core1();
      return 0;
    }
    return read(offset);
  };
  sio.writeUint32 = (offset: number, value: number): void => {
    if (offset === FIFO_WR) {
      core1();
      return;
    }
    write(offset, value);
  };
}
