import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../../scripts/database/dbmate.ts';

// A real browser for the page tests: Debian's chromium (.ci/run installs
// it), driven by playwright-core, which downloads no browser of its own.

const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser's executable, or undefined. */
export const chromiumPath = candidates.find((path): path is string => Boolean(path && existsSync(path)));

/** Why the browser tests cannot run here, in one line; undefined when they can. */
export const browserMissing = chromiumPath ? undefined : 'no Chromium (Debian package chromium, or CHROMIUM_BIN)';

export function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error(browserMissing);
  // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
}

/** Where a test's screenshots go for review: .test-results/<suite>/. */
export function screenshotDir(suite: string): string {
  const dir = join(projectRoot, '.test-results', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
