/** A fault the project ROM cannot paper over (unknown entry point, corrupt call arguments). */
export class RomError extends Error {
  override name = 'RomError';
}
