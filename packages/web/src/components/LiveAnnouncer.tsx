import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';

/** The app's live region (state/Announcer.ts), visually hidden; rendered once, beside the pages. */
export function LiveAnnouncer() {
  const { announcer } = useApp();
  return (
    <p class="visually-hidden" role="status" aria-live="polite" data-testid="live-announcer">
      {announcer.message.value}
    </p>
  );
}

/** Announces `text` whenever `value` changes after the first render (a toggle the user or others flipped). */
export function useAnnounceChange(value: unknown, text: string): void {
  const { announcer } = useApp();
  const previous = useRef(value);
  useEffect(() => {
    if (Object.is(previous.current, value)) return;
    previous.current = value;
    announcer.announce(text);
  }, [value, text, announcer]);
}

/**
 * Announces each person who starts waiting ("Kari venter på å bli sluppet inn."). Those already
 * waiting when the list first loads are not announced: the page's summary says how many wait.
 */
export function useWaitingAnnouncements(
  waiting: readonly { participantId: string; displayName: string }[],
  isLoaded: boolean,
  textOf: (name: string) => string,
): void {
  const { announcer } = useApp();
  const seen = useRef<Set<string> | null>(null);
  const ids = waiting.map((w) => w.participantId).join(',');
  useEffect(() => {
    if (!isLoaded) return;
    const now = new Set(waiting.map((w) => w.participantId));
    const before = seen.current;
    seen.current = now;
    if (before === null) return;
    // Someone sent back to the waiting room, or who left and came again, is announced again.
    const arrived = waiting.filter((w) => !before.has(w.participantId));
    if (arrived.length > 0) announcer.announce(arrived.map((w) => textOf(w.displayName)).join(' '));
    // `ids` stands for the list: a new array of the same people must not announce anyone.
  }, [ids, isLoaded]);
}
