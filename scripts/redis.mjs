// Finds (or, where allowed, installs) a `redis-server` for the Redis tests and the server benchmark, and
// starts throw-away servers on free loopback ports: no persistence, no config file, stopped by the caller.
// Mirrors scripts/chrome.mjs: REDIS_SERVER_PATH or the usual paths; Debian's `redis-server` via apt-get as root.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { installWithAptGet } from './apt-get-install.mjs';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server', '/usr/sbin/redis-server'];

/** The path of a redis-server binary, or undefined. */
export function findRedisServer() {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  const onPath = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : undefined;
}

/**
 * Finds redis-server; where none exists and apt-get is usable as root, installs Debian's `redis-server`
 * package (saying so). Otherwise throws an Error that names what to install.
 */
export function findOrInstallRedisServer({ log = console.log } = {}) {
  const found = findRedisServer();
  if (found) return found;
  const announcement = 'No redis-server found: installing Debian\'s "redis-server" package with apt-get (one-time)…';
  if (installWithAptGet(['--no-install-recommends', 'redis-server'], { log, announcement })) {
    const installed = findRedisServer();
    if (installed) return installed;
  }
  throw new Error(
    'No redis-server was found for the Redis tests. Install one (Debian/Ubuntu: "sudo apt-get install redis-server", ' +
      'macOS: "brew install redis") or point REDIS_SERVER_PATH at its executable.',
  );
}

/** A free TCP port on 127.0.0.1 (free when asked; the server binds it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\r\n')) {
        socket.end();
        resolve(text.startsWith('+PONG'));
      }
    });
  });
}

/**
 * Starts a redis-server on a free loopback port (in memory only) and waits until it answers PING.
 * Resolves `{ url, port, process, stop() }`; `stop()` ends it (SIGTERM, then SIGKILL).
 */
export async function startRedisServer({ port, path = findOrInstallRedisServer() } = {}) {
  const chosen = port ?? (await freePort());
  const child = spawn(path, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(chosen))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${chosen} did not start (exit code ${child.exitCode}): ${stderr.trim().slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, process: child, stop };
}

// `node scripts/redis.mjs`: starts one and prints its URL until Ctrl+C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const redis = await startRedisServer();
  console.log(redis.url);
  process.on('SIGINT', () => redis.stop().then(() => process.exit(0)));
}
