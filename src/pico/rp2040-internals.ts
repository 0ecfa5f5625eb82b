/**
 * rp2040js re-exports, plus the shapes of the few rp2040js internals the host
 * touches that its typings do not expose.
 */
export { RP2040 } from 'rp2040js';

/** rp2040js's RPWatchdog (not exported from the package index). */
export interface RPWatchdogLike {
  onWatchdogTrigger: () => void;
}
