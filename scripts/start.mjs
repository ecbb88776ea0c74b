// `npm start`: builds the package, then starts the demo shop (demo/server.mjs) and prints its URL.
// Options are passed through to the demo server, e.g. `npm start -- --port 8080 --simulator-port 4010`;
// `npm start -- --help` lists them (without building).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  // The usage needs no build.
  const help = spawnSync(process.execPath, ['demo/server.mjs', '--help'], { cwd: root, stdio: 'inherit' });
  process.exit(help.status ?? 0);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ['demo/server.mjs', ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
