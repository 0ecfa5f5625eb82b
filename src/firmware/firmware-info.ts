/**
 * Identifies a firmware image by the text the firmware itself prints in its
 * REPL banner: "MicroPython v1.28.0 on 2026-04-06" and "Raspberry Pi Pico with
 * RP2040" (MicroPython), "Adafruit CircuitPython 9.2.1 on …" (CircuitPython).
 * The strings are NUL-terminated C literals in flash, so a `strings`-like scan
 * over printable runs finds them without symbols.
 */
export interface FirmwareInfo {
  kind: 'micropython' | 'circuitpython' | 'unknown';
  /** "v1.28.0" (MicroPython git tag) or "9.2.1" (CircuitPython). */
  version?: string;
  /** Board name from the banner, e.g. "Raspberry Pi Pico". */
  board?: string;
  /** Chip from the banner, e.g. "RP2040". */
  mcu?: string;
  /** Build date from the banner, e.g. "2026-04-06". */
  buildDate?: string;
}

const MIN_RUN = 8;
const MICROPYTHON =
  /MicroPython (?:\(with v2\.0 preview\) )?(v\d+\.\d+(?:\.\d+)?[0-9A-Za-z.+_-]*)(?: on (\d{4}-\d{2}-\d{2}))?/;
const CIRCUITPYTHON = /CircuitPython (\d+\.\d+(?:\.\d+)?[0-9A-Za-z.+_-]*)(?: on (\d{4}-\d{2}-\d{2}))?/;
const MACHINE = /^(?:; )?([ -~]{2,80}?) with (RP2040|RP2350[AB]?)$/i;

/** Printable ASCII runs (like `strings`), each cut at a NUL or non-printable byte. */
function* printableRuns(bytes: Uint8Array, min: number): Generator<string> {
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 0;
    const printable = b >= 0x20 && b < 0x7f;
    if (printable) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= min) yield String.fromCharCode(...bytes.subarray(start, Math.min(i, start + 4096)));
      start = -1;
    }
  }
}

/** Scans a flash image (or any firmware bytes) for the banner strings. */
export function detectFirmwareInfo(image: Uint8Array): FirmwareInfo {
  let circuit: RegExpMatchArray | undefined;
  let circuitMarker = false;
  let micro: RegExpMatchArray | undefined;
  let machine: RegExpMatchArray | undefined;
  for (const run of printableRuns(image, MIN_RUN)) {
    if (run.includes('CircuitPython')) {
      circuitMarker = true;
      const m = run.match(CIRCUITPYTHON);
      if (m && (!circuit || (!circuit[2] && m[2]))) circuit = m;
    }
    const m = run.match(MICROPYTHON);
    // Prefer the full banner (with build date) over other mentions of the version.
    if (m && (!micro || (!micro[2] && m[2]))) micro = m;
    const mm = run.match(MACHINE);
    if (mm && (!machine || (!machine[0].startsWith('; ') && mm[0].startsWith('; ')))) machine = mm;
  }
  const info: FirmwareInfo = { kind: 'unknown' };
  if (circuitMarker) {
    info.kind = 'circuitpython';
    if (circuit) {
      info.version = circuit[1];
      if (circuit[2]) info.buildDate = circuit[2];
    }
  } else if (micro) {
    info.kind = 'micropython';
    info.version = micro[1];
    if (micro[2]) info.buildDate = micro[2];
  }
  if (machine) {
    info.board = machine[1];
    info.mcu = machine[2].toUpperCase();
  }
  return info;
}

/** One line for people: "MicroPython v1.28.0 (2026-04-06) on Raspberry Pi Pico with RP2040". */
export function describeFirmware(info: FirmwareInfo): string {
  const name =
    info.kind === 'micropython' ? 'MicroPython' : info.kind === 'circuitpython' ? 'CircuitPython' : 'Unknown firmware';
  const parts = [name];
  if (info.version) parts.push(info.version);
  if (info.buildDate) parts.push(`(${info.buildDate})`);
  if (info.board) parts.push(`on ${info.board}${info.mcu ? ` with ${info.mcu}` : ''}`);
  return parts.join(' ');
}

/**
 * The warning to show next to a firmware the lab can boot but not fully
 * understand, or undefined when it is the MicroPython build the lab expects.
 * `expectedVersionPrefix` (e.g. "v1.28") adds a softer note for other versions;
 * `expectedBoard` (e.g. "Raspberry Pi Pico") one for a build of another RP2040 board.
 */
export function firmwareWarning(
  info: FirmwareInfo,
  expectedVersionPrefix?: string,
  expectedBoard?: string,
): string | undefined {
  if (info.kind === 'circuitpython') {
    return 'This is CircuitPython: it boots, but the lab decodes MicroPython heaps only.';
  }
  if (info.kind === 'unknown') {
    return 'No MicroPython banner found in this firmware: it may boot, but the lab decodes MicroPython heaps only.';
  }
  if (info.mcu && info.mcu !== 'RP2040') {
    return (
      `This firmware says it is for ${info.board ?? 'a board'} with ${info.mcu}, ` +
      'not the Raspberry Pi Pico (RP2040).'
    );
  }
  if (expectedBoard && info.kind === 'micropython' && info.board && info.board !== expectedBoard) {
    return (
      `This MicroPython is built for the ${info.board}, not the ${expectedBoard} the Virtual Pico models: ` +
      'it may not boot, and pins may differ.'
    );
  }
  if (expectedVersionPrefix && info.version && !info.version.startsWith(expectedVersionPrefix)) {
    return (
      `This is MicroPython ${info.version}; the lab is tested with ${expectedVersionPrefix}.x, ` +
      'so the heap view may be wrong.'
    );
  }
  return undefined;
}
