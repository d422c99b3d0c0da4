import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors';

// Bodies this large are never legitimate for this contract.
const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'bad.request', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON request body, or fails with 400 bad.request. */
export function parseJson(raw: string): unknown {
  if (raw.trim() === '') throw badRequest('A JSON request body is required');
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

/** Parses a JSON body that must be an object. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  const value = parseJson(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Writes a complete response; `payload` undefined means no body. */
export function send(
  res: ServerResponse,
  status: number,
  payload: string | undefined,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  for (const [name, value] of Object.entries(headers))
    res.setHeader(name, value);
  if (payload === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), headers);
}
