import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createApiClient, type ApiClient } from '../api/ApiClient.ts';
import { createI18n, type I18n } from '../i18n/I18n.ts';
import { createAuthState, type AuthState } from './AuthState.ts';
import { createRouter, type Router } from './Router.ts';
import { createAnnouncer, type Announcer } from './Announcer.ts';

/** Everything the pages share, created once in main.tsx and passed down by context (no module globals). */
export interface AppState {
  readonly i18n: I18n;
  readonly router: Router;
  readonly api: ApiClient;
  readonly auth: AuthState;
  /** URL of the signaling WebSocket on this origin. */
  readonly wsUrl: string;
  /** The app's one live region (LiveAnnouncer), which outlives page changes. */
  readonly announcer: Announcer;
}

export function createAppState(win: Window): AppState {
  let storage: Storage | null = null;
  try {
    storage = win.localStorage;
  } catch {
    // Storage can be blocked (private mode, policies); the app then forgets the language choice.
  }
  const api = createApiClient(win.fetch.bind(win));
  const wsProtocol = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    i18n: createI18n(storage, win.document.documentElement),
    router: createRouter(win),
    api,
    auth: createAuthState(api),
    wsUrl: `${wsProtocol}//${win.location.host}/ws`,
    announcer: createAnnouncer(),
  };
}

export const AppContext = createContext<AppState | null>(null);

/** The app state; a component outside the provider is a programming mistake. */
export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new TypeError('useApp() used outside <AppContext.Provider>');
  return app;
}

/** Shorthand for the translation function of the current language. */
export function useT(): I18n['t'] {
  return useApp().i18n.t;
}
