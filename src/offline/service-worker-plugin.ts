import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const WORKER_SOURCE = 'src/offline/service-worker.ts';
const WORKER_FILE = 'sw.js';

/**
 * Builds the service worker (src/offline/service-worker.ts) to sw.js beside index.html, and gives it
 * the list of every file the build wrote (its precache) and a version made from their names, which
 * carry content hashes: a build that changes any file is a new version. Build only (the dev server
 * serves files as they are edited).
 */
export function serviceWorker(): Plugin {
  return {
    name: 'pico-heap-lab-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: WORKER_SOURCE, fileName: WORKER_FILE });
    },
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name !== WORKER_FILE && !name.endsWith('.map'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const worker = bundle[WORKER_FILE];
      if (!worker || worker.type !== 'chunk') this.error(`the service worker ${WORKER_FILE} was not built`);
      else worker.code = `const PRECACHE = ${JSON.stringify({ version, files: ['./', ...files] })};\n${worker.code}`;
    },
  };
}
