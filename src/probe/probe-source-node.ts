// The probe's Python text for Node entry points that run without vite (the CLI
// runs under tsx, which does not understand `?raw` imports).
import { readFileSync } from 'node:fs';

export function readProbeSourceNode(): string {
  return readFileSync(new URL('./probe.py', import.meta.url), 'utf8');
}
