/**
 * The `User-Agent` the server client sends, in Klarna's `Key/Name_version` style (klarna-spec §9):
 * `Library/klarna-checkout-button_<version> OS/<type>_<release> Language/Node_<version>`.
 * Derived without importing `node:os`, so the module loads in any runtime with `fetch`.
 */

import { VERSION as LIBRARY_VERSION } from '../version.js';

/** This package's version (src/version.ts), under the name the server side has always used. */
export { LIBRARY_VERSION };

interface RuntimeProcess {
  version?: string;
  versions?: Record<string, string | undefined>;
  platform?: string;
  getBuiltinModule?: (id: string) => unknown;
}

interface OsModule {
  type?: () => string;
  release?: () => string;
}

/** Replaces characters that would break the `Key/Name_version` tokens. */
function token(value: string): string {
  return value.trim().replace(/[\s/()]+/g, '-') || 'unknown';
}

function describeOs(proc: RuntimeProcess | undefined): string {
  let os: OsModule | undefined;
  try {
    os = proc?.getBuiltinModule?.('node:os') as OsModule | undefined;
  } catch {
    os = undefined;
  }
  try {
    if (os?.type && os.release) return `OS/${token(os.type())}_${token(os.release())}`;
  } catch {
    // fall through to the platform name alone
  }
  if (proc?.platform) return `OS/${token(proc.platform)}`;
  return 'OS/unknown';
}

function describeLanguage(proc: RuntimeProcess | undefined): string {
  const versions = proc?.versions ?? {};
  if (versions['bun']) return `Language/Bun_${token(versions['bun'])}`;
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno?.version?.deno;
  if (deno) return `Language/Deno_${token(deno)}`;
  if (versions['node']) return `Language/Node_${token(versions['node'])}`;
  if (proc?.version) return `Language/Node_${token(proc.version.replace(/^v/, ''))}`;
  return 'Language/JavaScript';
}

/** The client's `User-Agent`: ours, then the caller's `userAgent` when given. */
export function buildUserAgent(callerUserAgent?: string): string {
  const proc = (globalThis as { process?: RuntimeProcess }).process;
  const ours = `Library/klarna-checkout-button_${LIBRARY_VERSION} ${describeOs(proc)} ${describeLanguage(proc)}`;
  const extra = callerUserAgent?.trim();
  return extra ? `${ours} ${extra}` : ours;
}
