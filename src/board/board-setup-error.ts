/**
 * A board could not be set up, for a reason the message states and that the user can act on (no
 * firmware yet, a firmware file that is not one, a boot that failed, no port chosen yet). The app
 * shows it as a neutral "Needs firmware" / "Not connected" state rather than a generic failure; the
 * CLI prints it and exits with status 2.
 */
export class BoardSetupError extends Error {
  override name = 'BoardSetupError';

  constructor(
    message: string,
    /** What the user has to give: a firmware file (the Virtual Pico), or a port to choose (a USB Pico). */
    readonly need: 'firmware' | 'port' = 'firmware',
  ) {
    super(message);
  }
}
