/**
 * Reads a request's JSON body with a size limit, without trusting `Content-Length` alone: the stream is
 * counted as it arrives and abandoned as soon as it passes the limit.
 */

/** Why a body could not be read; the handler turns it into a 400 or 413. */
export class BodyReadError extends Error {
  override name = 'BodyReadError';
  readonly status: 400 | 413;
  constructor(status: 400 | 413, message: string) {
    super(message);
    this.status = status;
  }
}

/** True for `application/json` and `application/*+json`, with or without parameters such as charset. */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** Reads and parses the body of `request` as JSON, refusing more than `maxBytes` bytes. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  if (!isJsonContentType(contentType)) {
    throw new BodyReadError(
      400,
      `The request's Content-Type is ${contentType ? `"${contentType.slice(0, 100)}"` : 'missing'}: send the body as JSON with Content-Type: application/json.`,
    );
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw new BodyReadError(413, `The request body declares ${declared} bytes, more than the ${maxBytes} bytes this endpoint accepts: send a smaller cart.`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyReadError(413, `The request body is larger than the ${maxBytes} bytes this endpoint accepts: send a smaller cart.`);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BodyReadError(400, 'The request body is not valid UTF-8: send the body as UTF-8 encoded JSON.');
  }
  if (text.trim() === '') {
    throw new BodyReadError(400, 'The request body is empty: send a JSON object.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's own message quotes the body, which may hold an authorization token: leave it out.
    throw new BodyReadError(400, `The request body (${received} bytes) is not valid JSON: send a JSON object.`);
  }
}
