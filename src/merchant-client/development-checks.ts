/**
 * The merchant adapter's development-only help: the long messages of `createMerchantClient()`'s errors and the
 * field-by-field checks of the backend's answers against the wire protocol. Reached only through `#dev-mode` under
 * the `development` condition (`src/dev-mode.development.ts`), so no production bundle holds it.
 */
import { describeValue, typeName } from '../errors/describe-value.js';
import type { MerchantClientOptions, MerchantEndpoint, MerchantFailure } from './create-merchant-client.js';

/** What each option of `createMerchantClient()` must be. */
const EXPECTED_OPTIONS: Record<string, string> = {
  options: 'an object',
  sessionUrl: 'a URL string',
  orderUrl: 'a URL string',
  fetch: 'a function',
  timeoutMs: 'a positive number',
  headers: 'headers or a function',
};

/** A bad option (or options that are not an object): what it must be and what it received. */
export function describeMerchantOption(options: MerchantClientOptions, name: string): string {
  if (name === 'options') return `createMerchantClient() options must be ${EXPECTED_OPTIONS.options}, but received ${describeValue(options)}.`;
  const value = options[name as keyof MerchantClientOptions];
  return `createMerchantClient() option ${name} must be ${EXPECTED_OPTIONS[name]}, but received ${describeValue(value)}.`;
}

/** A request body that `JSON.stringify` refused. */
export function describeRequestBody(endpoint: MerchantEndpoint, cause: unknown): string {
  return `The ${endpoint} request body cannot be sent as JSON (${(cause as Error).message}); use plain JSON values.`;
}

/** `placeOrder()` called without the token or the session id. */
export function describeOrderArguments(token: unknown, sessionId: unknown): string {
  return `placeOrder() needs string authorization_token and session_id, but received ${typeName(token)} and ${typeName(sessionId)}.`;
}

/** What went wrong with one request, as far as the wording of the long message goes. */
type MerchantFailureKind =
  | 'missing_url' // no URL configured for the endpoint
  | 'timeout' // no answer within timeoutMs
  | 'network' // fetch itself failed
  | 'invalid_response' // a 2xx answer the element cannot use
  | 'not_protocol' // an error status without the protocol's { error: { code } } body
  | 'refused'; // a protocol error answer

/** The kind of a failure, from its facts (without an HTTP answer, the code is the adapter's own). */
function failureKind({ status, code, notProtocol }: MerchantFailure): MerchantFailureKind {
  if (notProtocol) return 'not_protocol';
  if (status === 0) return code === 'missing_url' || code === 'timeout' ? code : 'network';
  return status < 300 ? 'invalid_response' : 'refused';
}

/** The long message of a failed request: what happened to which URL, and what to check. */
export function describeMerchantFailure(failure: MerchantFailure): string {
  const { endpoint, option, url, status, code, timeoutMs, cause, answerProblem, serverMessage, reauthorize } = failure;
  switch (failureKind(failure)) {
    case 'missing_url':
      return `${endpoint === 'session' ? 'createSession' : 'placeOrder'}() needs a URL; pass ${option} to createMerchantClient().`;
    case 'timeout':
      return `POST ${url} got no answer within ${timeoutMs} ms; check the server or raise timeoutMs.`;
    case 'network':
      return `POST ${url} failed (${(cause as Error)?.message ?? cause}); check the network and ${option}.`;
    case 'invalid_response':
      return `POST ${url} answered HTTP ${status} with an invalid body: ${answerProblem}.`;
    case 'not_protocol':
      return `POST ${url} answered HTTP ${status} without an { error: { code } } body; check that ${option} is the checkout handler.`;
    case 'refused': {
      const words = serverMessage ? `: ${serverMessage.replace(/\.$/, '')}` : '';
      return `POST ${url} answered HTTP ${status} ${code}${words}${reauthorize ? '; authorize again' : ''}.`;
    }
  }
}

/** The kinds of field an answer has, and what each must be. */
type FieldKind = 'text' | 'optional text' | 'count' | 'list';
type AnswerBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One field of a success body: its path, its value, and its kind. */
interface FieldCheck {
  path: string;
  value: unknown;
  kind: FieldKind;
}

/** What each kind of field must be, and the test for it. */
const FIELD_KINDS: Record<FieldKind, { expected: string; isValid: (value: unknown) => boolean }> = {
  text: { expected: 'a non-empty string', isValid: (value) => typeof value === 'string' && value !== '' },
  'optional text': { expected: 'a string when present', isValid: (value) => value === undefined || typeof value === 'string' },
  count: { expected: 'a non-negative integer', isValid: (value) => Number.isInteger(value) && (value as number) >= 0 },
  list: { expected: 'an array', isValid: Array.isArray },
};

/** The checks for `names` of `body`, all of one kind, their paths prefixed with `prefix`. */
function fields(body: AnswerBody, kind: FieldKind, names: string[], prefix = ''): FieldCheck[] {
  return names.map((name) => ({ path: prefix + name, value: body[name], kind }));
}

/** The checks a session answer must pass (extra fields pass through). */
function sessionChecks(body: AnswerBody): FieldCheck[] {
  const categories: unknown = body.payment_method_categories;
  return [
    ...fields(body, 'text', ['session_id', 'client_token', 'purchase_currency']),
    ...fields(body, 'count', ['order_amount']),
    ...fields(body, 'list', ['payment_method_categories']),
    ...(Array.isArray(categories) ? categories : []).flatMap((category, index) =>
      fields(Object(category), 'text', ['identifier'], `payment_method_categories[${index}].`),
    ),
  ];
}

/** The checks an order answer must pass. */
function orderChecks(body: AnswerBody): FieldCheck[] {
  return [...fields(body, 'text', ['order_id']), ...fields(body, 'optional text', ['redirect_url', 'fraud_status'])];
}

/** What is wrong with a success body (its `text`, parsed to `json`), or `undefined` when nothing is. */
export function describeAnswerProblem(endpoint: MerchantEndpoint, text: string, json: unknown): string | undefined {
  if (json === undefined) return text ? 'it is not JSON' : 'it is empty';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return `it is ${typeName(json)}, not a JSON object`;
  const checks = endpoint === 'session' ? sessionChecks(json) : orderChecks(json);
  const failed = checks.find(({ value, kind }) => !FIELD_KINDS[kind].isValid(value));
  if (failed === undefined) return undefined;
  const { expected } = FIELD_KINDS[failed.kind];
  if (failed.value === undefined) return `\`${failed.path}\` is missing (expected ${expected})`;
  return `\`${failed.path}\` must be ${expected} (received ${typeName(failed.value)})`;
}
