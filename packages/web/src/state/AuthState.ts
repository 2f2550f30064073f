import { signal, type ReadonlySignal } from '@preact/signals';
import type { LoginBody, LogoutView, SecondFactorRequired, SessionView, SetupBody } from '@samtale/protocol';
import { ApiRequestError, type ApiClient, type Parse } from '../api/ApiClient.ts';

/** `undefined` while unknown, `null` when logged out. */
export type SessionSignal = ReadonlySignal<SessionView | null | undefined>;

export interface AuthState {
  readonly session: SessionSignal;
  /** Asks the server who is logged in (GET /api/auth/me). */
  load: () => Promise<void>;
  /** Logs in with a password; when the member requires a passkey, the second step's options instead. */
  login: (body: LoginBody) => Promise<SecondFactorRequired | null>;
  /** Logs in with a passkey assertion (alone, or as the second step). */
  loginWithPasskey: (credential: unknown) => Promise<void>;
  setup: (body: SetupBody) => Promise<void>;
  logout: () => Promise<void>;
}

/** Light shape check for the session answer; the patient's path never loads this. */
export const parseSession: Parse<SessionView> = (value) => {
  if (typeof value !== 'object' || value === null || !('user' in value) || !('csrfToken' in value)) {
    throw new TypeError('not a SessionView');
  }
  return value as SessionView;
};

const parseLogout: Parse<LogoutView> = (value) => {
  const url = (value as { endSessionUrl?: unknown } | null)?.endSessionUrl;
  return { endSessionUrl: typeof url === 'string' && /^https?:\/\//.test(url) ? url : null };
};

export function createAuthState(api: ApiClient): AuthState {
  const session = signal<SessionView | null | undefined>(undefined);
  const set = (view: SessionView | null): void => {
    api.setCsrfToken(view?.csrfToken ?? null);
    session.value = view;
  };
  return {
    session,
    async load() {
      try {
        set(await api.get('/api/auth/me', parseSession));
      } catch (error) {
        if (error instanceof ApiRequestError && (error.status === 401 || error.status === 403)) set(null);
        else throw error;
      }
    },
    async login(body) {
      const answer = await api.post('/api/auth/login', body, (value): SessionView | SecondFactorRequired =>
        typeof value === 'object' && value !== null && 'secondFactor' in value
          ? (value as SecondFactorRequired)
          : parseSession(value),
      );
      if ('secondFactor' in answer) return answer;
      set(answer);
      return null;
    },
    async loginWithPasskey(credential) {
      set(await api.post('/api/auth/passkey/login', { credential }, parseSession));
    },
    async setup(body) {
      set(await api.post('/api/setup', body, parseSession));
    },
    async logout() {
      let answer: LogoutView | undefined;
      try {
        answer = await api.postOptional('/api/auth/logout', {}, parseLogout);
      } finally {
        set(null);
      }
      const endSessionUrl = answer?.endSessionUrl ?? null;
      // After a HelseID login the browser ends the session at HelseID too, which sends it back to /login.
      if (endSessionUrl !== null) window.location.assign(endSessionUrl);
    },
  };
}
