import { defineConfig } from 'vite';

// One config for the app (vite) and the tests (vitest).
export default defineConfig({
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
