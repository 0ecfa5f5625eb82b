/** The Raspberry Pi Pico's flash as the RP2040 sees it (XIP window), and SRAM for RAM-image detection. */
export const FLASH_BASE = 0x10000000;
export const FLASH_SIZE = 2 * 1024 * 1024;
export const FLASH_END = FLASH_BASE + FLASH_SIZE;
export const SRAM_BASE = 0x20000000;
export const SRAM_END = 0x20042000;
