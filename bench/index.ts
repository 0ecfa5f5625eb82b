// Runs every bench/*.bench.ts in turn. Benchmarks print ratios measured side by side; they are not tests.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n== ${file} ==`);
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<void> | void };
  if (typeof mod.default === 'function') await mod.default();
}
