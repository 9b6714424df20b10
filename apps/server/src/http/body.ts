// Reading a request's body into memory, never more than the body limit: a declared
// Content-Length over it is refused before a byte is read, a body that grows past it while
// arriving is refused as soon as it does (what is left of it is then discarded by Node).
import type { IncomingMessage } from 'node:http';
import type { BodyErrors } from '@push-api/engine';

/** Whether the request says it has a body (a Content-Length other than 0, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function readBody(req: IncomingMessage, limitBytes: number, errors: BodyErrors): Promise<Buffer> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && declared > limitBytes) return Promise.reject(errors.tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (error: Error | null) => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
      if (error !== null) {
        reject(error);
        return;
      }
      if (declared !== undefined && received !== declared) reject(errors.malformed);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) stop(errors.tooLarge);
      else chunks.push(chunk);
    };
    const onEnd = () => stop(null);
    const onError = () => stop(errors.malformed);
    const onAborted = () => stop(errors.malformed);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
