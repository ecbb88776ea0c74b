/**
 * Klarna's API hostnames (klarna-spec.md §8) and the region/environment each stands for: the simulator
 * routes a request whose `Host` is one of them to that region and environment, so a client that only
 * takes a hostname reaches it through a hosts entry or a proxy.
 */
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';

/** Klarna's six API hostnames and their region/environment. */
export const KLARNA_API_HOSTS: Readonly<Record<string, { region: KlarnaRegion; environment: KlarnaEnvironment }>> = {
  'api.klarna.com': { region: 'eu', environment: 'production' },
  'api-na.klarna.com': { region: 'na', environment: 'production' },
  'api-oc.klarna.com': { region: 'oc', environment: 'production' },
  'api.playground.klarna.com': { region: 'eu', environment: 'playground' },
  'api-na.playground.klarna.com': { region: 'na', environment: 'playground' },
  'api-oc.playground.klarna.com': { region: 'oc', environment: 'playground' },
};

/** The hostnames of this machine the simulator always answers to. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The hostname of a `Host` header, lower-cased, without its port (`[::1]` keeps its brackets). */
export function hostnameOf(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** The region/environment a Klarna API hostname stands for, or undefined for any other host. */
export function klarnaHostTarget(hostHeader: string | undefined): { region: KlarnaRegion; environment: KlarnaEnvironment } | undefined {
  return KLARNA_API_HOSTS[hostnameOf(hostHeader)];
}

/** True for a loopback IP address as `socket.remoteAddress` gives it (IPv4, IPv6 or IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || plain.startsWith('127.');
}
