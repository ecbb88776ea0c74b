// Several checkout handler processes (test/helpers/handler-instance.mjs) sharing one Redis and one Klarna
// simulator: what a shop behind a load balancer runs. Used by the multi-instance tests and the benchmark.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/redis.mjs';
import { readJsonAnswer } from './json-answer.js';

const INSTANCE_SCRIPT = fileURLToPath(new URL('./handler-instance.mjs', import.meta.url));

/**
 * Starts `count` instances. Resolves `{ urls, events, processes, kill(index), stop() }`: `urls[i]` is
 * instance i's handler base (…/checkout), `events` every JSON event the instances printed.
 * `callbackInstance` is the instance whose …/authorization URL sessions carry (Klarna calls one URL), unless `callbackUrl` is given.
 */
export async function startHandlerFleet({ count = 3, simulator, redisUrl, orderClaimTtlMs, orderWaitMs, callbackInstance = 1, withCallback = true, callbackUrl }) {
  const ports = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const account = simulator.credentials.eu.playground;
  const keyPrefix = `fleet-${randomUUID()}:`;
  const events = [];
  const processes = [];
  const listening = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [INSTANCE_SCRIPT], {
      env: {
        ...process.env,
        INSTANCE: String(i),
        PORT: String(ports[i]),
        REDIS_URL: redisUrl,
        KEY_PREFIX: keyPrefix,
        KLARNA_BASE_URL: simulator.baseUrl('eu', 'playground'),
        KLARNA_USERNAME: account.username,
        KLARNA_PASSWORD: account.password,
        CALLBACK_URL: withCallback ? (callbackUrl ?? `http://127.0.0.1:${ports[callbackInstance]}/checkout/authorization`) : '',
        ORDER_CLAIM_TTL_MS: orderClaimTtlMs ? String(orderClaimTtlMs) : '',
        ORDER_WAIT_MS: orderWaitMs ? String(orderWaitMs) : '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    listening.push(
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`instance ${i} exited with ${code}: ${stderr.slice(0, 1000)}`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          const event = JSON.parse(line);
          events.push(event);
          if (event.event === 'listening') resolve();
        });
      }),
    );
    processes.push(child);
  }
  await Promise.all(listening);
  const stopOne = (child, signal) =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    keyPrefix,
    urls: ports.map((port) => `http://127.0.0.1:${port}/checkout`),
    ports,
    events,
    processes,
    /** Kills instance `index` at once (SIGKILL: no clean-up, like a crashed server). */
    kill: (index) => stopOne(processes[index], 'SIGKILL'),
    stop: () => Promise.all(processes.map((child) => stopOne(child, 'SIGTERM'))),
  };
}

/** POSTs JSON; resolves `{ status, body }`. */
export async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await readJsonAnswer(response);
  return { status: response.status, body: answer.body };
}
