/** RP2040 address-space facts the emulator host needs (datasheet §2.2). */
export const FLASH_BASE = 0x10000000;
/** The Raspberry Pi Pico's W25Q16 flash: 2 MiB. */
export const PICO_FLASH_SIZE = 2 * 1024 * 1024;
export const SRAM_BASE = 0x20000000;
/** Striped SRAM0–3 (256 KiB) plus the two 4 KiB banks SRAM4/5: the whole range MicroPython uses. */
export const SRAM_SIZE = 0x42000;
export const SRAM_END = SRAM_BASE + SRAM_SIZE;
