// The built site (`npm run build`, served as `npm run preview` serves it) from navigation to "Ready"
// at the browser board's prompt: a first visit (empty cache, fresh browser profile) and a reload
// (warm cache), in Chromium at 1280×800. Medians of 5 of each, against a 3 s target.
import { resolve } from 'node:path';
import { buildApp, launchChromium, serveApp } from '../test/support/browser';
import { reportAgainstTarget } from './stats';

const RUNS = 5;
const READY_TARGET_MS = 3000;

export default async function bench(): Promise<void> {
  const outDir = await buildApp(resolve(import.meta.dirname, '../test/.build/app-first-view'));
  const server = await serveApp(outDir);
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const browser = await launchChromium({ width: 1280, height: 800 });
      try {
        const page = browser.context.pages()[0] ?? (await browser.context.newPage());
        const toReady = async () => {
          await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
          await page.waitForFunction(() => document.querySelector('phl-terminal')?.bufferText().includes('>>>'));
          // From the navigation's start, as the page itself measured it.
          return page.evaluate(() => performance.now());
        };
        await page.goto(server.url);
        cold.push(await toReady());
        await page.reload();
        warm.push(await toReady());
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  reportAgainstTarget('built site, first visit → Ready at >>>', cold, READY_TARGET_MS);
  reportAgainstTarget('built site, reload → Ready at >>>', warm, READY_TARGET_MS);
}
