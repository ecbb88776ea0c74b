/**
 * Why Klarna said 401 (klarna-spec §8): the message for a `KlarnaAuthenticationError` (2), and the
 * explicit, on-demand probe of every region host with the configured credentials (3).
 */
import { KlarnaAuthenticationError } from './errors.js';
import { klarnaApiUrl, KLARNA_REGIONS, regionForCountry, regionLabel } from './regions.js';
import { redactSecrets } from './secret-redaction.js';
import type { KlarnaEnvironment, KlarnaRegion } from './markets.js';

/** Inputs of the 401 diagnosis. */
export interface AuthenticationFailure {
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  baseUrl: string;
  endpoint: string;
  purchaseCountry: string | undefined;
  errorCode: string | undefined;
  errorMessages: readonly string[];
  correlationId: string | undefined;
  secrets: readonly string[];
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The `KlarnaAuthenticationError` for a 401, naming what was called and, when the order says so, the likely region. */
export function authenticationError(failure: AuthenticationFailure): KlarnaAuthenticationError {
  const host = hostOf(failure.baseUrl);
  const called = `${regionLabel(failure.region)} ${failure.environment}`;
  const country = typeof failure.purchaseCountry === 'string' ? failure.purchaseCountry.toUpperCase() : undefined;
  const countryRegion = country ? regionForCountry(country) : undefined;
  const suggestedRegion = countryRegion && countryRegion !== failure.region ? countryRegion : undefined;
  const suggestedBaseUrl = suggestedRegion ? klarnaApiUrl(suggestedRegion, failure.environment) : undefined;
  const head = `Klarna answered 401 to ${failure.endpoint} on the ${called} environment (host ${host})`;
  const advice =
    suggestedRegion && suggestedBaseUrl
      ? `: credentials rejected there; the order's purchase_country ${country} is normally served by the ${regionLabel(suggestedRegion)} region, so the credentials should be ${regionLabel(suggestedRegion)} ${failure.environment} credentials, used with region: '${suggestedRegion}' (${suggestedBaseUrl}).`
      : `: credentials rejected: check the key, the environment (${failure.environment}), or a disabled key (Klarna disables keys unused for 2 months).`;
  const correlation = failure.correlationId ? ` Correlation id: ${failure.correlationId}.` : '';
  return new KlarnaAuthenticationError(redactSecrets(`${head}${advice}${correlation}`, failure.secrets), {
    errorCode: failure.errorCode,
    errorMessages: failure.errorMessages,
    correlationId: failure.correlationId,
    endpoint: failure.endpoint,
    region: failure.region,
    environment: failure.environment,
    host,
    suggestedRegion,
    suggestedBaseUrl,
  });
}

/** One region's answer to the credential probe. */
export interface CredentialProbe {
  region: KlarnaRegion;
  /** The base URL probed. */
  baseUrl: string;
  /** true: the host accepted the credentials (403/404/2xx); false: 401; undefined: no clear answer. */
  accepted: boolean | undefined;
  /** The HTTP status, when there was one. */
  status?: number;
  /** Why there was no answer (network error, time-out), log-safe. */
  error?: string;
}

/** The result of `client.diagnoseCredentials()`. */
export interface CredentialDiagnosis {
  environment: KlarnaEnvironment;
  /** The region the client is configured for. */
  configuredRegion: KlarnaRegion;
  /** Regions whose host accepted the credentials. */
  acceptedRegions: KlarnaRegion[];
  /** Every probe, in region order eu, na, oc. */
  probes: CredentialProbe[];
  /** One sentence saying what to configure. */
  summary: string;
}

/** Options of `diagnoseCredentials()`. */
export interface DiagnoseCredentialsOptions {
  /** Override the probed base URL per region (the simulator, a proxy); defaults to Klarna's hosts. */
  baseUrls?: Partial<Record<KlarnaRegion, string>>;
  signal?: AbortSignal;
}

/** What the probe needs from the client. */
export interface ProbeContext {
  environment: KlarnaEnvironment;
  configuredRegion: KlarnaRegion;
  fetch: typeof globalThis.fetch;
  authorization: string;
  userAgent: string;
  timeoutMs: number;
  secrets: readonly string[];
}

async function probeRegion(
  context: ProbeContext,
  region: KlarnaRegion,
  baseUrl: string,
  signal: AbortSignal | undefined,
): Promise<CredentialProbe> {
  const url = `${baseUrl.replace(/\/+$/, '')}/payments/v1/sessions/${globalThis.crypto.randomUUID()}`;
  const timeout = AbortSignal.timeout(context.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await context.fetch(url, {
      method: 'GET',
      headers: { Authorization: context.authorization, Accept: 'application/json', 'User-Agent': context.userAgent },
      signal: combined,
    });
    await response.arrayBuffer().catch(() => undefined);
    const status = response.status;
    const accepted = status === 401 ? false : status === 403 || status === 404 || (status >= 200 && status < 300) ? true : undefined;
    return { region, baseUrl, accepted, status };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason = timeout.aborted ? `no answer within ${context.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return { region, baseUrl, accepted: undefined, error: redactSecrets(reason, context.secrets) };
  }
}

/** Probes `GET /payments/v1/sessions/<random uuid>` on every region host of the environment. */
export async function diagnoseCredentialsOnHosts(
  context: ProbeContext,
  options: DiagnoseCredentialsOptions = {},
): Promise<CredentialDiagnosis> {
  const probes = await Promise.all(
    KLARNA_REGIONS.map((region) =>
      probeRegion(context, region, options.baseUrls?.[region] ?? klarnaApiUrl(region, context.environment), options.signal),
    ),
  );
  const acceptedRegions = probes.filter((p) => p.accepted === true).map((p) => p.region);
  const env = context.environment;
  let summary: string;
  if (acceptedRegions.includes(context.configuredRegion)) {
    summary = `The credentials work for the configured ${regionLabel(context.configuredRegion)} ${env} environment.`;
  } else if (acceptedRegions.length > 0) {
    const list = acceptedRegions.map((r) => `${regionLabel(r)} (region: '${r}')`).join(', ');
    summary = `The credentials are rejected by ${regionLabel(context.configuredRegion)} ${env} but accepted by ${list}: configure that region or use ${regionLabel(context.configuredRegion)} credentials.`;
  } else if (probes.every((p) => p.accepted === false)) {
    const other = env === 'playground' ? 'production' : 'playground';
    summary = `No ${env} region accepts the credentials: they may be ${other} credentials, mistyped, or disabled (unused for 2 months).`;
  } else {
    summary = `No ${env} region clearly accepted the credentials; some hosts gave no usable answer (see probes).`;
  }
  return { environment: env, configuredRegion: context.configuredRegion, acceptedRegions, probes, summary };
}
