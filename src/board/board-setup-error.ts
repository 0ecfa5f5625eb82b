/**
 * A board could not be set up, for a reason the message states and that the user can act on (no
 * firmware yet, a firmware file that is not one, a boot that failed). The app shows it as a neutral
 * "Needs firmware" state rather than a generic failure; the CLI prints it and exits with status 2.
 */
export class BoardSetupError extends Error {
  override name = 'BoardSetupError';
}
