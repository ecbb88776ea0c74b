// Finds (or, where allowed, installs) a Chrome/Chromium for the browser tests and end-to-end scripts.
// No test tool downloads its own browser: we use the system's, through CHROME_PATH or the usual paths.
import { existsSync } from 'node:fs';
import { installWithAptGet } from './apt-get-install.mjs';

/** Flags every headless launch gets (root needs --no-sandbox; the rest keep Chromium off the closed network). */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The path of a Chrome/Chromium binary, or undefined. */
export function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Finds Chrome/Chromium; where none exists and apt-get is usable as root, installs Debian's `chromium`
 * (saying so). Otherwise throws an Error that names what to install.
 */
export function findOrInstallChrome({ log = console.log } = {}) {
  const found = findChrome();
  if (found) return found;
  const announcement = 'No Chrome or Chromium found: installing Debian\'s "chromium" package with apt-get (one-time, a few minutes)…';
  if (installWithAptGet(['chromium'], { log, announcement })) {
    const installed = findChrome();
    if (installed) return installed;
  }
  throw new Error(
    'No Chrome or Chromium was found for the browser tests. Install one (Debian/Ubuntu: "sudo apt-get install chromium", ' +
      'macOS: Google Chrome) or point CHROME_PATH at its executable.',
  );
}
