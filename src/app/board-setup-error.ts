/**
 * A board could not be created for a reason the user can fix, and the message
 * already says how (e.g. "no firmware yet"). The controller shows it as it is,
 * without the generic "failed to load… reload the page" wording.
 */
export class BoardSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoardSetupError';
  }
}
