import { signal, type ReadonlySignal } from '@preact/signals';

/** The current path as a signal; in-app navigation uses the History API. */
export interface Router {
  readonly path: ReadonlySignal<string>;
  navigate: (to: string, options?: { replace?: boolean }) => void;
  dispose: () => void;
}

export function createRouter(win: Window): Router {
  const path = signal(win.location.pathname);
  const onPopState = (): void => {
    path.value = win.location.pathname;
  };
  win.addEventListener('popstate', onPopState);
  return {
    path,
    navigate(to, options) {
      if (options?.replace) win.history.replaceState(null, '', to);
      else win.history.pushState(null, '', to);
      path.value = win.location.pathname;
    },
    dispose() {
      win.removeEventListener('popstate', onPopState);
    },
  };
}

export type Route =
  | { name: 'home' }
  | { name: 'setup' }
  | { name: 'admin' }
  | { name: 'account' }
  | { name: 'call'; consultationId: string }
  | { name: 'summary'; consultationId: string }
  | { name: 'meeting'; meetingId: string }
  | { name: 'join'; token: string }
  | { name: 'equipmentTest' }
  | { name: 'accessibility' }
  | { name: 'notFound' };

/** Maps a path to a route. Tokens and ids are taken from the path, never from a query string. */
export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'home' };
  // Where a HelseID login that failed comes back to (with ?error=CODE): the login page.
  if (path === '/login') return { name: 'home' };
  if (path === '/setup') return { name: 'setup' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/account') return { name: 'account' };
  if (path === '/test' || path === '/test/') return { name: 'equipmentTest' };
  if (path === '/tilgjengelighet') return { name: 'accessibility' };
  const call = /^\/c\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  if (call?.[1]) return { name: 'call', consultationId: call[1] };
  const summary = /^\/summary\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  if (summary?.[1]) return { name: 'summary', consultationId: summary[1] };
  const meeting = /^\/m\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  if (meeting?.[1]) return { name: 'meeting', meetingId: meeting[1] };
  // Where ID-porten sends the patient back (issue 8): the page knows its own link (PatientPage).
  if (path === '/j/idporten') return { name: 'join', token: '' };
  const join = /^\/j\/([A-Za-z0-9_-]{16,256})\/?$/.exec(path);
  if (join?.[1]) return { name: 'join', token: join[1] };
  return { name: 'notFound' };
}
