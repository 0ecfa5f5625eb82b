import type { RP2040 } from 'rp2040js';

/** SIO offsets of the inter-core FIFO, which rp2040js does not model (there is no core 1). */
const FIFO_ST = 0x50;
const FIFO_WR = 0x54;
const FIFO_RD = 0x58;
const FIFO_ST_VLD = 1 << 0; // RX FIFO holds a word
const FIFO_ST_RDY = 1 << 1; // TX FIFO has room
const PSM_PERIPHERAL = 0x40010; // rp2040js's peripherals[] key for PSM_BASE
const PSM_FRCE_OFF = 0x04;
const PSM_PROC1 = 1 << 16;

/**
 * Stands in for core 1 at the inter-core FIFO, which rp2040js does not model
 * (each access would print a console warning, millions when firmware polls it).
 * Every word written comes straight back, as an idle core 1 answers the SDK's
 * launch and lockout handshakes: `_thread.start_new_thread` then returns (the
 * thread never runs) and flash writes that lock core 1 out still work, instead
 * of hanging with interrupts masked. The first use is reported once.
 * Releasing core 1 from reset (PSM FRCE_OFF) makes it "push a 0", as the real
 * core 1's bootrom does after draining its FIFO (multicore_reset_core1 waits for it).
 */
export function standInForCore1(rp2040: RP2040, report: (message: string) => void = () => {}): void {
  const sio = rp2040.sio;
  const read = sio.readUint32.bind(sio);
  const write = sio.writeUint32.bind(sio);
  let reported = false;
  let echo: number | null = null;
  const used = () => {
    if (reported) return;
    reported = true;
    report('the firmware talked to core 1, which the Virtual Pico does not emulate: threads on core 1 never run');
  };
  sio.readUint32 = (offset: number): number => {
    if (offset === FIFO_ST) return FIFO_ST_RDY | (echo === null ? 0 : FIFO_ST_VLD);
    if (offset === FIFO_RD) {
      const value = echo ?? 0;
      echo = null;
      return value;
    }
    return read(offset);
  };
  sio.writeUint32 = (offset: number, value: number): void => {
    if (offset === FIFO_WR) {
      used();
      echo = value >>> 0;
      return;
    }
    if (offset === FIFO_ST) return; // write-1-to-clear error flags: there are none
    write(offset, value);
  };

  const psm = rp2040.peripherals[PSM_PERIPHERAL];
  const psmRead = psm.readUint32.bind(psm);
  const psmWrite = psm.writeUint32.bind(psm);
  psm.writeUint32 = (offset: number, value: number): void => {
    const wasOff = offset === PSM_FRCE_OFF && (psmRead(PSM_FRCE_OFF) & PSM_PROC1) !== 0;
    psmWrite(offset, value);
    if (wasOff && (psmRead(PSM_FRCE_OFF) & PSM_PROC1) === 0) echo = 0;
  };
}
