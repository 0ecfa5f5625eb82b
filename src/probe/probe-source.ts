// The probe's Python text, bundled as a string (vite/vitest `?raw`).
import source from './probe.py?raw';

export const PROBE_SOURCE: string = source;
