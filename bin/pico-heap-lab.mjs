#!/usr/bin/env node
// Launcher for `npx pico-heap-lab`: runs the TypeScript CLI through tsx (a dependency).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// Node resolves a bare `--import tsx` from the working directory: name our own copy instead.
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`pico-heap-lab: cannot start node: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? (result.signal ? 128 : 2));
