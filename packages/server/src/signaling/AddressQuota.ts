/**
 * How many signaling sockets each remote address holds, against a cap: one address cannot open
 * sockets without end (issue 7). A slot is taken before the upgrade and given back when the
 * TCP connection closes, whichever way it ends.
 */
import type { preValidationHookHandler } from 'fastify';
import { ERROR_CATALOGUE, type ApiError } from '@samtale/protocol';

const TOO_MANY_CONNECTIONS: ApiError = {
  error: { code: 'RATE_LIMITED', message: ERROR_CATALOGUE.RATE_LIMITED.message, retryAfterSeconds: 1 },
};
export class AddressQuota {
  readonly #max: number;
  readonly #open = new Map<string, number>();

  constructor(maxPerAddress: number) {
    if (!Number.isInteger(maxPerAddress) || maxPerAddress < 1) {
      throw new TypeError('AddressQuota needs a positive whole number');
    }
    this.#max = maxPerAddress;
  }

  /** Takes a slot for `address`; false (and nothing taken) when it already holds the most. */
  take(address: string): boolean {
    const open = this.#open.get(address) ?? 0;
    if (open >= this.#max) return false;
    this.#open.set(address, open + 1);
    return true;
  }

  /** Gives back a slot that `take` gave. */
  release(address: string): void {
    const open = this.#open.get(address) ?? 0;
    if (open <= 1) this.#open.delete(address);
    else this.#open.set(address, open - 1);
  }

  /** Sockets `address` holds now. */
  openFor(address: string): number {
    return this.#open.get(address) ?? 0;
  }
}

/**
 * The /ws route's hook: runs before the upgrade, so that a refusal is a plain HTTP 429 and costs
 * no WebSocket. The address is `request.ip` (the client's, behind a proxy named in TRUST_PROXY).
 */
export function refuseOverQuota(quota: AddressQuota): preValidationHookHandler {
  return (request, reply, done) => {
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') return done();
    const address = request.ip;
    if (!quota.take(address)) {
      request.log.warn('signaling connection refused: too many from one address');
      void reply.code(429).header('retry-after', '1').send(TOO_MANY_CONNECTIONS);
      return;
    }
    request.raw.socket.once('close', () => quota.release(address));
    done();
  };
}
