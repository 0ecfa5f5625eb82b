import type { RP2040 } from 'rp2040js';
import { SRAM_BASE } from './memory-map';

/**
 * Word accesses to SRAM first, on this RP2040 instance. rp2040js's writeUint32
 * looks up a peripheral before anything else (7 % of the run time in a
 * MicroPython loop) and readUint32 checks ROM and flash first; SRAM is by far
 * the most frequent target. Everything else, including unaligned accesses
 * (which rp2040js reports), goes to the original methods unchanged.
 */
export function sramFirst(rp2040: RP2040): void {
  const view = rp2040.sramView;
  const limit = rp2040.sram.length - 3;
  const read32 = rp2040.readUint32.bind(rp2040);
  const write32 = rp2040.writeUint32.bind(rp2040);
  const fastRead = (address: number): number => {
    const offset = (address >>> 0) - SRAM_BASE;
    if (offset >= 0 && offset < limit && (offset & 3) === 0) return view.getUint32(offset, true);
    return read32(address);
  };
  const fastWrite = (address: number, value: number): void => {
    const offset = (address >>> 0) - SRAM_BASE;
    if (offset >= 0 && offset < limit && (offset & 3) === 0) view.setUint32(offset, value, true);
    else write32(address, value);
  };
  rp2040.readUint32 = fastRead;
  rp2040.writeUint32 = fastWrite;
  // The core's own accessors only forward to the RP2040's; point them at the fast versions directly.
  rp2040.core.readUint32 = fastRead;
  rp2040.core.writeUint32 = fastWrite;
}
