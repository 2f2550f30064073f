import { useEffect, useState } from 'preact/hooks';
import type { CallState } from '../../state/CallState.ts';

/** What only meetings have: the active speaker and the lock, followed from the session's events. */
export function useMeetingSignals(call: CallState): { activeSpeaker: string | null; isLocked: boolean } {
  const [activeSpeaker, setActiveSpeaker] = useState<string | null>(null);
  const [isLocked, setLocked] = useState(call.session.isLocked);
  useEffect(() => {
    const lifetime = new AbortController();
    const on = { signal: lifetime.signal };
    call.session.on('activeSpeakerChanged', setActiveSpeaker, on);
    call.session.on('lockChanged', setLocked, on);
    const current = call.session.call;
    if (current?.kind === 'sfu') setActiveSpeaker(current.activeSpeaker);
    return () => lifetime.abort();
  }, [call]);
  return { activeSpeaker, isLocked };
}
