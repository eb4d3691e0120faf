/**
 * Checks of a page state in the browser shared by the issue-12 tests: no sideways scrolling, axe,
 * and a screenshot at both window sizes when MELKER_SHOTS names a directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './browser-support.js';

export const LAPTOP = { width: 1366, height: 768 };
export const DESKTOP = { width: 1920, height: 1080 };

export async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
  expect(scrollWidth, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(innerWidth);
}

/** Screenshots of the page as it is, at 1366×768 and 1920×1080 (full page); the page is left at 1366×768. */
export async function screenshots(page: Page, name: string) {
  const dir = process.env.MELKER_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const size of [DESKTOP, LAPTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(dir, `${name}-${size.width}.png`), fullPage: true });
  }
}

/** The checks every page state gets: fits 1366 px, axe clean, screenshots. */
export async function checkPageState(page: Page, name: string) {
  await screenshots(page, name);
  await page.setViewportSize(LAPTOP);
  await expectNoHorizontalOverflow(page);
  await expectNoAxeViolations(page);
}
