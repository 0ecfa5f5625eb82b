/** UF2 family IDs the lab recognises, so a wrong file gets a name, not a number. */
export const RP2040_FAMILY_ID = 0xe48bff56;

/** Raspberry Pi RP2350 family IDs (Pico 2): absolute, data, ARM secure, RISC-V, ARM non-secure. */
export const RP2350_FAMILY_IDS: ReadonlyMap<number, string> = new Map([
  [0xe48bff57, 'RP2350 absolute'],
  [0xe48bff58, 'RP2350 data'],
  [0xe48bff59, 'RP2350 ARM secure'],
  [0xe48bff5a, 'RP2350 RISC-V'],
  [0xe48bff5b, 'RP2350 ARM non-secure'],
]);

/** A few other common boards' families, only to name them in error messages. */
const OTHER_FAMILIES: ReadonlyMap<number, string> = new Map([
  [0x68ed2b88, 'Microchip SAMD21'],
  [0x55114460, 'Microchip SAMD51'],
  [0xada52840, 'Nordic nRF52840'],
  [0x1c5f21b0, 'ESP32'],
  [0xbfdd4eee, 'ESP32-S2'],
  [0xc47e5767, 'ESP32-S3'],
  [0xd42ba06c, 'ESP32-C3'],
  [0x57755a57, 'STM32F4'],
]);

export function isRp2350Family(id: number): boolean {
  return RP2350_FAMILY_IDS.has(id);
}

/** "0xe48bff56 (RP2040)" style label for messages. */
export function familyLabel(id: number): string {
  const hex = `0x${id.toString(16).padStart(8, '0')}`;
  if (id === RP2040_FAMILY_ID) return `${hex} (RP2040)`;
  const name = RP2350_FAMILY_IDS.get(id) ?? OTHER_FAMILIES.get(id);
  return name ? `${hex} (${name})` : hex;
}
