import { useState } from 'preact/hooks';
import type { MeetingView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { CallControls } from '../../components/call/CallControls.tsx';
import { ParticipantList } from '../../components/call/ParticipantList.tsx';
import { MediaStallNotice } from '../../components/call/MediaStallNotice.tsx';
import { EncryptionStatus } from '../../components/call/EncryptionStatus.tsx';
import { MeetingStage, type MeetingLayout } from './MeetingStage.tsx';
import { PolicyPanel } from './PolicyPanel.tsx';
import { useMeetingSignals } from './use-meeting-signals.ts';
import { LazyHostSidePanel } from '../../components/consent/LazyHostSidePanel.tsx';

interface MeetingCallViewProps {
  call: CallState;
  isHost: boolean;
  onLeave: () => void;
  /** The meeting as the API shows it to members; null for guests (no API access). */
  meeting: MeetingView | null;
}

/**
 * A meeting, through the SFU or peer to peer (a server without one): videos (grid or speaker),
 * controls, lock, policy and who is here.
 */
export function MeetingCallView({ call, isHost, onLeave, meeting }: MeetingCallViewProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const [layout, setLayout] = useState<MeetingLayout>('grid');
  const { activeSpeaker, isLocked } = useMeetingSignals(call);
  const lastError = call.lastError.value;
  const plan = call.mediaPlan.value;
  return (
    <div class="call meeting">
      {call.connection.value === 'reconnecting' && (
        <p class="banner-warning" role="status">
          {t('call.reconnecting')}
        </p>
      )}
      <MediaStallNotice call={call} />
      {lastError && (
        <p class="error" role="alert">
          {i18n.error(lastError, { max: plan?.meshMax ?? '' })}
        </p>
      )}
      {plan?.media === 'mesh' && (
        <p class="banner-info" data-testid="mesh-note">
          {t('meeting.meshNote', { max: plan.meshMax })}
        </p>
      )}
      {isLocked && (
        <p class="banner-info" role="status">
          {t('meeting.locked')}
        </p>
      )}
      <div class="call-layout">
        <div class="call-main">
          <div class="meeting-toolbar" role="group" aria-label={t('meeting.layout')}>
            {(['grid', 'speaker'] as const).map((option) => (
              <button
                key={option}
                type="button"
                class="button small"
                aria-pressed={layout === option}
                onClick={() => setLayout(option)}
              >
                {t(option === 'grid' ? 'meeting.layoutGrid' : 'meeting.layoutSpeaker')}
              </button>
            ))}
            {isHost && (
              <button type="button" class="button small" onClick={() => call.session.lock(!isLocked)}>
                {t(isLocked ? 'meeting.unlock' : 'meeting.lock')}
              </button>
            )}
          </div>
          <MeetingStage call={call} layout={layout} activeSpeaker={activeSpeaker} />
          <CallControls call={call} isHost={isHost} onLeave={onLeave} />
        </div>
        <aside class="sidebar" aria-label={t('call.sidebar')}>
          <p class="privacy-note">{t('call.notRecorded')}</p>
          <EncryptionStatus session={call.session} hasMedia={call.isCarryingMedia.value} />
          <ParticipantList call={call} isHost={isHost} />
          {meeting && <PolicyPanel meeting={meeting} meshMax={plan?.media === 'mesh' ? plan.meshMax : null} />}
          {isHost && meeting?.kind === 'clinical' && <LazyHostSidePanel call={call} consultationId={meeting.id} />}
        </aside>
      </div>
    </div>
  );
}
