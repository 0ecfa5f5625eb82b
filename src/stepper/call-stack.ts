import type { StepMarker } from './step-marker';

/** One running call as the stepper shows it: the function, and its locals at this step. */
export interface StepFrame {
  /** The call's token (one per call). */
  token: number;
  function: string;
  locals: { name: string; word: number }[];
}

/**
 * The calls under way after `marker`, outermost first (module code is not a frame). A step in a
 * call below the top means the calls above it returned; a token not on the stack is a new call
 * (or a generator resumed). Calls below keep the locals of their last step.
 */
export function nextStack(stack: readonly StepFrame[], marker: StepMarker): StepFrame[] {
  if (marker.frame === 0) return [];
  const at = stack.findIndex((f) => f.token === marker.frame);
  const below = at >= 0 ? stack.slice(0, at) : [...stack];
  return [...below, { token: marker.frame, function: marker.function, locals: marker.locals }];
}

/** The calls under way once the call `token` has ended (and any still above it, ended by an exception). */
export function leaveStack(stack: readonly StepFrame[], token: number): StepFrame[] {
  const at = stack.findIndex((f) => f.token === token);
  return at >= 0 ? stack.slice(0, at) : [...stack];
}
