/** Reading request bodies under Klarna's 1 MB limit (klarna-spec.md §9), and parsing them as JSON. */
import type { IncomingMessage } from 'node:http';

/** Largest request body Klarna accepts (klarna-spec.md §9). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A read body: its text, or `tooLarge` when it passed the limit (then the text is dropped). */
export interface RequestBody {
  tooLarge: boolean;
  text: string;
}

/** Reads the whole body; past 1 MB it keeps draining (so the client sees the 413) up to 16 MB, then cuts. */
export function readRequestBody(request: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (size > 16 * MAX_BODY_BYTES) request.destroy();
      else if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve({ tooLarge, text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8') }));
    // A request destroyed mid-body (over 16 MB, or the client gave up) never ends: settle anyway.
    request.on('close', () => resolve({ tooLarge: true, text: '' }));
    request.on('error', reject);
  });
}

/** Parses a body: `{ ok: true, value }` (undefined for an empty body) or `{ ok: false }` for broken JSON. */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
