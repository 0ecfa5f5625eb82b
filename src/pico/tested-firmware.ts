/** The official firmware releases the Virtual Pico is tested with in CI (README: Tested releases). */
export const TESTED_FIRMWARE = ['v1.28.0', 'v1.22.2'] as const;

/** One sentence for the board's description. */
export const TESTED_FIRMWARE_SENTENCE = `Tested with the official RPI_PICO firmware ${TESTED_FIRMWARE.join(' and ')}.`;
