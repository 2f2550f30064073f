import { useEffect, useRef, useState } from 'preact/hooks';
import type { ParticipantView } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { identificationText } from '../identification.ts';

/**
 * Says politely when someone's identification changes (a host recorded an ID check, a patient
 * identified with ID-porten), so a screen reader user hears it as a sighted user sees the badge.
 * Someone appearing is not announced: the list itself says who is here.
 */
export function IdentificationAnnouncer({ participants }: { participants: readonly ParticipantView[] }) {
  const t = useT();
  const known = useRef(new Map<string, string>());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const changed: string[] = [];
    for (const p of participants) {
      const key = JSON.stringify(p.identification);
      const before = known.current.get(p.id);
      if (before !== undefined && before !== key) {
        changed.push(t('id.changed', { name: p.displayName, id: identificationText(t, p.identification) }));
      }
      known.current.set(p.id, key);
    }
    if (changed.length > 0) setAnnouncement(changed.join('. '));
  }, [participants, t]);
  return (
    <p class="visually-hidden" aria-live="polite" data-testid="identification-announcer">
      {announcement}
    </p>
  );
}
