// Installing a missing tool from Debian's packages, for scripts/chrome.mjs and scripts/redis.mjs: only on Linux,
// only as root and only where apt-get runs; everywhere else the caller says what to install by hand.
import { spawnSync } from 'node:child_process';

function canRun(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Where this is Linux, the process runs as root and apt-get is there: says `announcement` through `log`, runs
 * `apt-get update` and `apt-get install -y -qq …installArgs`, and returns true. Returns false where it may not
 * install. Throws an Error naming the command when apt-get fails.
 */
export function installWithAptGet(installArgs, { log, announcement }) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !isRoot || !canRun('apt-get')) return false;
  log(announcement);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...installArgs]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`"apt-get ${args.join(' ')}" failed with exit code ${result.status}.`);
  }
  return true;
}
