// Steps several browser tests take in the app, written once.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';

/** Chooses the Virtual Pico, gives it `firmware` through "Load firmware…", waits for its first heap snapshot. */
export async function startVirtualPico(page: Page, firmware: string): Promise<void> {
  await page.locator('phl-toolbar select#board').selectOption('virtual-pico');
  await page.locator('phl-firmware-panel input[type=file]').setInputFiles({
    name: basename(firmware),
    mimeType: 'application/octet-stream',
    buffer: readFileSync(firmware),
  });
  await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 90_000 });
}

/** Puts `code` in the editor (plain box or Monaco) without typing it. */
export async function setProgram(page: Page, code: string): Promise<void> {
  await page.evaluate((c) => (document.querySelector('phl-code-editor')!.value = c), code);
}

/** Resolves once the terminal's text holds `text`. */
export async function terminalShows(page: Page, text: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('phl-terminal')!.bufferText().includes(t), text, {
    timeout,
  });
}
