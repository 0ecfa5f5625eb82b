/**
 * Names the lab itself binds on the board: the stepper's hooks and their buffers (`__phl_in`,
 * `__phl_b`, a frame's `__phl_frame`…), the memory server `__phl__mem`. They are not the learner's:
 * what only they keep alive is counted with the firmware's objects, and the views never show them.
 */
export const LAB_NAME_PREFIX = '__phl_';
/**
 * Lab names that stay for the whole boot (the memory server): `__phl__…`. The stepper removes its
 * own names after a program, never these.
 */
export const BOOT_NAME_PREFIX = '__phl__';

export function isLabName(name: string): boolean {
  return name.startsWith(LAB_NAME_PREFIX);
}
