import type { JoinAs } from '@samtale/protocol';

/** The part of the Web Storage API used for resume tokens (sessionStorage fits). */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Keeps the resumeToken of one consultation (host) or one link (others), so that a reconnect or
 * a reload in the same tab resumes the same participant. sessionStorage by default: the token
 * dies with the tab and is not shared with other tabs, which must join on their own.
 */
export class ResumeTokenStore {
  readonly #storage: TokenStorage;
  readonly #key: string;

  constructor(join: JoinAs, storage: TokenStorage | undefined) {
    this.#storage = storage ?? defaultStorage();
    this.#key =
      join.kind === 'invitation'
        ? `samtale.resumeToken.link.${join.invitationToken}`
        : `samtale.resumeToken.${join.kind}.${join.consultationId}`;
  }

  get(): string | null {
    try {
      return this.#storage.getItem(this.#key);
    } catch {
      return null;
    }
  }

  set(token: string): void {
    try {
      this.#storage.setItem(this.#key, token);
    } catch {
      // Storage full or forbidden: resuming then needs a new join, which the server allows.
    }
  }

  remove(): void {
    try {
      this.#storage.removeItem(this.#key);
    } catch {
      // Nothing stored, nothing to remove.
    }
  }
}

/** sessionStorage where the page may use it, else a store that lives as long as the session object. */
function defaultStorage(): TokenStorage {
  try {
    // Reading sessionStorage throws a SecurityError in sandboxed frames and some private modes.
    if (typeof sessionStorage !== 'undefined') return sessionStorage;
  } catch {
    // fall through to memory
  }
  return memoryStorage();
}

/** An in-memory TokenStorage (also handy in tests). */
export function memoryStorage(): TokenStorage & { readonly size: number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    get size() {
      return items.size;
    },
  };
}
