/**
 * A board could not be created for a reason the user can fix, and the message
 * already says how ("no firmware yet": the Virtual Pico's normal first visit).
 * The controller shows a neutral "Needs firmware" state with this message, not
 * an error with the generic "failed to load… reload the page" wording.
 */
export class BoardSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoardSetupError';
  }
}
