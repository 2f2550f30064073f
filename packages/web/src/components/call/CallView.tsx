import type { ComponentChildren } from 'preact';
import { useApp } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { VideoTile } from './VideoTile.tsx';
import { CallControls } from './CallControls.tsx';
import { ParticipantList } from './ParticipantList.tsx';
import { MediaStallNotice } from './MediaStallNotice.tsx';
import { EncryptionStatus } from './EncryptionStatus.tsx';
import { IdentificationBadge } from './IdentificationBadge.tsx';

interface CallViewProps {
  call: CallState;
  isHost: boolean;
  onLeave: () => void;
  /** Extra host tools (new link) under the participant list. */
  sidebarExtra?: ComponentChildren;
}

/** The call, shared by host and patient: remote video large, own video small, controls, who is here. */
export function CallView({ call, isHost, onLeave, sidebarExtra }: CallViewProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const participants = call.participants.value;
  const streams = [...call.remoteStreams.value.entries()];
  const nameOf = (id: string): string => participants.find((p) => p.id === id)?.displayName ?? t('call.someone');
  const connection = call.connection.value;
  const lastError = call.lastError.value;
  return (
    <div class="call">
      {connection === 'reconnecting' && (
        <p class="banner-warning" role="status">
          {t('call.reconnecting')}
        </p>
      )}
      <MediaStallNotice call={call} />
      {lastError && (
        <p class="error" role="alert">
          {i18n.error(lastError)}
        </p>
      )}
      <div class="call-layout">
        <div class="call-main">
          <section class="stage" aria-label={t('call.videos')}>
            <div class={`remote-grid remote-count-${Math.min(streams.length, 4)}`}>
              {streams.length === 0 ? (
                <p class="stage-empty" role="status">
                  {t('call.waitingForOthers')}
                </p>
              ) : (
                streams.map(([id, stream]) => {
                  const person = participants.find((p) => p.id === id);
                  const badge = person && <IdentificationBadge identification={person.identification} />;
                  return <VideoTile key={id} stream={stream} label={nameOf(id)} badge={badge} />;
                })
              )}
            </div>
            {call.localMedia && call.isVideoOn.value && (
              <VideoTile stream={call.localMedia.stream} label={t('call.yourVideo')} isLocal />
            )}
          </section>
          <CallControls call={call} isHost={isHost} onLeave={onLeave} />
        </div>
        <aside class="sidebar" aria-label={t('call.sidebar')}>
          <p class="privacy-note">{t('call.notRecorded')}</p>
          <EncryptionStatus session={call.session} hasMedia={call.isCarryingMedia.value} />
          <ParticipantList call={call} isHost={isHost} />
          {sidebarExtra}
        </aside>
      </div>
    </div>
  );
}
