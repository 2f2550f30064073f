/**
 * oidc-provider's storage, one Map per provider instance (its bundled adapter keeps a module
 * global). Clients live here too, so a test can register its relying party after the server's
 * port is known (`TestIdp.registerClient`).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** The records of one provider: `${model}:${id}` → payload, with expiry. */
export class IdpStore {
  readonly #entries = new Map<string, Entry>();

  get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds?: number): void {
    const expiresAt = expiresInSeconds === undefined ? Infinity : Date.now() + expiresInSeconds * 1000;
    this.#entries.set(key, { payload, expiresAt });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Every live record of `model` whose payload field `field` equals `value`. */
  keysWhere(model: string, field: keyof AdapterPayload, value: unknown): string[] {
    return [...this.#entries.keys()].filter((key) => key.startsWith(`${model}:`) && this.get(key)?.[field] === value);
  }

  /** The adapter for one model, as oidc-provider's `adapter` option wants it. */
  adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => this.set(key(id), payload, expiresIn),
      find: async (id) => this.get(key(id)),
      findByUserCode: async (userCode) => this.get(this.keysWhere(model, 'userCode', userCode)[0] ?? ''),
      findByUid: async (uid) => this.get(this.keysWhere(model, 'uid', uid)[0] ?? ''),
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => this.delete(key(id)),
      revokeByGrantId: async (grantId) => {
        for (const k of [...this.#entries.keys()]) {
          if (this.#entries.get(k)?.payload.grantId === grantId) this.#entries.delete(k);
        }
      },
    };
  }
}
