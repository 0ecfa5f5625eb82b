/**
 * Names the lab itself binds on the board: the stepper's hooks and their buffers (`__phl_in`,
 * `__phl_b`, a frame's `__phl_frame`…). They are not the learner's: what only they keep alive is
 * counted with the firmware's objects, and the views never show them.
 */
export const LAB_NAME_PREFIX = '__phl_';

export function isLabName(name: string): boolean {
  return name.startsWith(LAB_NAME_PREFIX);
}
