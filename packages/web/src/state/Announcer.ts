import { signal, type ReadonlySignal } from '@preact/signals';

/**
 * One polite live region for the whole app (issue 11 item 5). It stays mounted while pages come
 * and go, so a change that replaces the page (waiting → admitted) is still announced: a live
 * region that arrives together with its text is often not read at all.
 */
export interface Announcer {
  readonly message: ReadonlySignal<string>;
  announce: (text: string) => void;
}

export function createAnnouncer(): Announcer {
  const message = signal('');
  return {
    message,
    announce(text) {
      // The same text twice is no change to the DOM; a trailing no-break space makes it one.
      message.value = message.value === text ? `${text}\u00a0` : text;
    },
  };
}
