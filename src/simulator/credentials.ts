/**
 * Merchant credentials of the simulator: one account per region and environment (klarna-spec.md §8),
 * reachable with the legacy `<MID>_<random>` username + secret or with a `klarna_…_api_…` API key.
 * Credentials of one region or environment are refused on every other one, as Klarna does.
 */
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';

/** The credentials of one simulated merchant account. */
export interface SimulatorAccountCredentials {
  /** Legacy username, `<MID>_<random>`. */
  username: string;
  /** Legacy shared secret. */
  password: string;
  /** API key (`klarna_test_api_…` on playground, `klarna_live_api_…` on production). */
  apiKey: string;
}

/** One account for each region and environment. */
export type SimulatorCredentials = Record<KlarnaRegion, Record<KlarnaEnvironment, SimulatorAccountCredentials>>;

/** The deterministic default accounts: the same on every run, so examples and `.env` files can name them. */
export const DEFAULT_SIMULATOR_CREDENTIALS: SimulatorCredentials = Object.freeze({
  eu: Object.freeze({
    playground: Object.freeze({ username: 'PK50001_8e92df3465', password: 'gC0lA4E685udh56s', apiKey: 'klarna_test_api_Zhhk-TuO7sadYXzlkVd5A72jT1LCp7znvfJYSPcl' }),
    production: Object.freeze({ username: 'K50002_30eb018216', password: '7iBU59dXz6R-ymVk', apiKey: 'klarna_live_api_vAVuT6B591xAG26bVcxjHWogAiMJTBLQJ2pnsD6o' }),
  }),
  na: Object.freeze({
    playground: Object.freeze({ username: 'PK50003_3dadf7eb40', password: 'P-LEUQLT19PkkyoF', apiKey: 'klarna_test_api_gMzkP3cFcaPe91LmQTRS4_QhPm5_8ssk9KWnap5k' }),
    production: Object.freeze({ username: 'K50004_c787752050', password: 'lvswrQTXdWcD5Ufg', apiKey: 'klarna_live_api_0ZGO-YWwmQFxgqT0Ci2DvLBgpEdMerbHYxDstqWD' }),
  }),
  oc: Object.freeze({
    playground: Object.freeze({ username: 'PK50005_bdc83e2207', password: 'OEvXss09jfi4PxKH', apiKey: 'klarna_test_api_2I-ZWGEB9a76DLkFqG-0fgysLOuUJNauU0N8jkGs' }),
    production: Object.freeze({ username: 'K50006_06e2dc2e43', password: 'BdzN1_5CdvRYk477', apiKey: 'klarna_live_api_I5jXWwr7LVawhLChDs9f4ePu7Nf-QfwhOZyLSeHD' }),
  }),
}) as SimulatorCredentials;

/** Merges partial per-region/environment overrides over the defaults. */
export function resolveSimulatorCredentials(
  overrides?: Partial<Record<KlarnaRegion, Partial<Record<KlarnaEnvironment, Partial<SimulatorAccountCredentials>>>>>,
): SimulatorCredentials {
  const result = {} as SimulatorCredentials;
  for (const region of ['eu', 'na', 'oc'] as const) {
    result[region] = {} as Record<KlarnaEnvironment, SimulatorAccountCredentials>;
    for (const environment of ['playground', 'production'] as const) {
      result[region][environment] = { ...DEFAULT_SIMULATOR_CREDENTIALS[region][environment], ...overrides?.[region]?.[environment] };
    }
  }
  return result;
}

/**
 * Checks an `Authorization` header against one account: `Basic base64(username:password)`,
 * `Basic <apiKey>` or `Basic base64(<any id>:<apiKey>)`. Returns true when it is accepted.
 */
export function isAuthorized(header: string | undefined, account: SimulatorAccountCredentials): boolean {
  if (typeof header !== 'string') return false;
  const match = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  const value = match[1]!;
  if (value === account.apiKey) return true;
  let decoded: string;
  try {
    decoded = Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return false;
  }
  if (decoded === account.apiKey) return true;
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (user === account.username && secret === account.password) return true;
  return user.length > 0 && secret === account.apiKey;
}
