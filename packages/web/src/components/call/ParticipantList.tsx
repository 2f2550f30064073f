import type { ParticipantView } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { roleKey } from '../roles.ts';
import { identificationText } from '../identification.ts';
import { IdentificationBadge, IdentificationLegend } from './IdentificationBadge.tsx';
import { IdentificationAnnouncer } from './IdentificationAnnouncer.tsx';
import { useWaitingAnnouncements } from '../LiveAnnouncer.tsx';
import { useLiveT } from '../../i18n/live/index.ts';

/** Who is in the call, each one's role and how they were identified; host actions per person. */
export function ParticipantList({ call, isHost }: { call: CallState; isHost: boolean }) {
  const t = useT();
  const self = call.session.participantId;
  const all = call.participants.value;
  const admitted = all.filter((p) => p.state === 'admitted');
  const waiting = all.filter((p) => p.state === 'waiting');
  const lt = useLiveT();
  useWaitingAnnouncements(
    waiting.map((p) => ({ participantId: p.id, displayName: p.displayName })),
    isHost,
    (name) => lt('live.newWaiting', { name }),
  );
  return (
    <section class="participants" aria-labelledby="participants-heading">
      <h2 id="participants-heading">{t('call.participants', { count: admitted.length })}</h2>
      <ul>
        {admitted.map((p) => (
          <ParticipantRow key={p.id} participant={p} isSelf={p.id === self} call={call} isHost={isHost} />
        ))}
      </ul>
      {isHost && waiting.length > 0 && (
        <>
          <h3>{t('call.waitingHeading')}</h3>
          <ul aria-live="polite">
            {waiting.map((p) => (
              <ParticipantRow
                key={p.id}
                participant={p}
                isSelf={false}
                call={call}
                isHost
                seatHolderName={all.find((x) => x.id === p.otherDeviceOf)?.displayName}
              />
            ))}
          </ul>
        </>
      )}
      <IdentificationLegend />
      <IdentificationAnnouncer participants={all} />
    </section>
  );
}

interface RowProps {
  participant: ParticipantView;
  isSelf: boolean;
  call: CallState;
  isHost: boolean;
  /** Waiting with the link of this person in the call (opened on another device). */
  seatHolderName?: string | undefined;
}

function ParticipantRow({ participant: p, isSelf, call, isHost, seatHolderName }: RowProps) {
  const t = useT();
  const name = p.displayName;
  const media = [
    !p.isAudioOn && t('call.micIsOff'),
    !p.isVideoOn && t('call.cameraIsOff'),
    !p.isConnected && t('call.disconnected'),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li class="participant" aria-label={`${name}, ${t(roleKey(p.role))}, ${identificationText(t, p.identification)}`}>
      <div>
        <strong>{name}</strong>
        {isSelf && <span class="hint"> ({t('call.you')})</span>} <span class="badge">{t(roleKey(p.role))}</span>
      </div>
      <div>
        <IdentificationBadge identification={p.identification} />
      </div>
      {media && <div class="hint">{media}</div>}
      {seatHolderName !== undefined && (
        <div class="other-device" role="note">
          <span class="badge badge-warning">{t('waiting.otherDevice', { name: seatHolderName })}</span>
          <div class="hint">{t('waiting.otherDeviceHint', { name: seatHolderName })}</div>
        </div>
      )}
      {isHost && !isSelf && p.role !== 'host' && (
        <div class="actions">
          {p.identification.kind === 'invitation-link' && (
            <button
              type="button"
              class="button small"
              onClick={() => call.session.recordIdShownInVideo(p.id)}
              aria-label={t('id.recordNamed', { name })}
            >
              {t('id.record')}
            </button>
          )}
          {p.state === 'waiting' ? (
            <>
              <button
                type="button"
                class="button primary small"
                onClick={() => call.session.admit(p.id)}
                aria-label={t('waiting.admitNamed', { name })}
              >
                {t('waiting.admit')}
              </button>
              <button
                type="button"
                class="button small"
                onClick={() => call.session.decline(p.id)}
                aria-label={t('waiting.declineNamed', { name })}
              >
                {t('waiting.decline')}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                class="button small"
                onClick={() => call.session.returnToWaiting(p.id)}
                aria-label={t('call.returnToWaitingNamed', { name })}
              >
                {t('call.returnToWaiting')}
              </button>
              <button
                type="button"
                class="button small danger-outline"
                onClick={() => call.session.remove(p.id)}
                aria-label={t('call.removeNamed', { name })}
              >
                {t('call.remove')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
