// Reading a provider's request: the body within its limit (content-encoding undone), the form fields,
// and the address it came from. What express's body-parser and `trust proxy` did for these routes, kept
// to what the providers send, with the same answers for bad input (src/webhooks/listener.ts).
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** Why a body could not be read; the listener answers each with its 4xx. */
export type BodyProblem = 'too_large' | 'unreadable';

/** The body as it came, decoded from gzip/deflate/br when so encoded; at most `limit` bytes either way. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | BodyProblem> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return discard(req, 'too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  const read = await new Promise<BodyProblem | undefined>((resolve) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      resolve('too_large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(undefined));
    // A client gone mid-body: nothing to answer, but the promise must not wait forever.
    req.once('error', () => resolve('unreadable'));
    req.once('close', () => resolve(req.complete ? undefined : 'unreadable'));
  });
  if (read) return discard(req, read);
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  return decode(body, String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase(), limit);
}

/** The rest of a refused body is read and dropped, so the answer reaches a client still sending. */
function discard(req: IncomingMessage, problem: BodyProblem): BodyProblem {
  req.resume();
  return problem;
}

function decode(body: Buffer, encoding: string, limit: number): Buffer | BodyProblem {
  const inflate = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipSync : encoding === 'deflate' ? inflateSync : encoding === 'br' ? brotliDecompressSync : undefined;
  if (encoding === 'identity') return body;
  if (!inflate) return 'unreadable';
  try {
    return inflate(body, { maxOutputLength: limit });
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'unreadable';
  }
}

/** Form fields; a field sent twice becomes a list (the handler's schema then refuses it, as before). */
export type FormFields = Record<string, string | string[]>;

/** The media type and charset of a Content-Type header, lower-cased. */
export function contentTypeOf(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...parameters] = (header ?? '').split(';');
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  return { type: type.trim().toLowerCase(), charset: charset?.slice('charset='.length).replace(/^"|"$/g, '') };
}

/**
 * An application/x-www-form-urlencoded body: `+` is a space, %XX escapes are UTF-8 (or Latin-1 when the
 * charset says so), an escape that does not decode is kept as written. More than `parameterLimit`
 * fields: 'too_many'. The object has no prototype, so a field named __proto__ is only a field.
 */
export function parseForm(body: string, options: { parameterLimit: number; latin1?: boolean }): FormFields | 'too_many' {
  const fields: FormFields = Object.create(null) as FormFields;
  if (body.length === 0) return fields;
  const parts = body.split('&');
  if (parts.length > options.parameterLimit) return 'too_many';
  const decode = options.latin1 ? decodeLatin1 : decodeUtf8;
  for (const part of parts) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    if (key.length === 0) continue;
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    const before = fields[key];
    fields[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return fields;
}

function decodeUtf8(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function decodeLatin1(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const isLoopback = (address: string) => {
  const plain = address.replace(/^::ffff:/i, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
};

/**
 * The address a request came from: the socket's, unless that is a proxy on this machine (loopback), in
 * which case X-Forwarded-For is read from its end, past every loopback hop, as express's
 * `trust proxy: 'loopback'` reads it. IPv4-mapped IPv6 addresses are given as plain IPv4.
 */
export function clientAddress(req: IncomingMessage): string | undefined {
  const socketAddress = req.socket.remoteAddress;
  if (!socketAddress) return undefined;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = [socketAddress, ...(typeof forwarded === 'string' ? forwarded.split(',').map((a) => a.trim()).reverse() : [])];
  let i = 0;
  while (i < hops.length - 1 && isLoopback(hops[i]!)) i++;
  return hops[i]!.replace(/^::ffff:/i, '');
}
