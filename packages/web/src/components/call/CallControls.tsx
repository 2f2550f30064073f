import { useState } from 'preact/hooks';
import { useT } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { DevicePicker } from './DevicePicker.tsx';
import { useAnnounceChange } from '../LiveAnnouncer.tsx';
import { useFocusOnMount } from '../focus-on-mount.ts';
import { useLiveT } from '../../i18n/live/index.ts';

interface CallControlsProps {
  call: CallState;
  isHost: boolean;
  onLeave: () => void;
}

/** Mute, camera, device settings and leave/end. Toggle buttons say their state with aria-pressed. */
export function CallControls({ call, isHost, onLeave }: CallControlsProps) {
  const t = useT();
  const [isSettingsOpen, setSettingsOpen] = useState(false);
  const [isConfirmingEnd, setConfirmingEnd] = useState(false);
  const media = call.localMedia;
  const hasAudio = (media?.stream.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (media?.stream.getVideoTracks().length ?? 0) > 0;
  const isAudioOn = call.isAudioOn.value;
  const isVideoOn = call.isVideoOn.value;
  const lt = useLiveT();
  // aria-pressed says it to whoever presses; the live region also when it changes otherwise.
  useAnnounceChange(isAudioOn, lt(isAudioOn ? 'live.micOn' : 'live.micMuted'));
  useAnnounceChange(isVideoOn, lt(isVideoOn ? 'live.cameraOn' : 'live.cameraOff'));

  return (
    <div class="call-controls" role="toolbar" aria-label={t('call.controls')}>
      <div class="control-row">
        <button
          type="button"
          class={isAudioOn ? 'button control' : 'button control off'}
          aria-pressed={!isAudioOn}
          disabled={!hasAudio}
          onClick={() => call.setAudio(!isAudioOn)}
        >
          {t('call.mute')}
        </button>
        <button
          type="button"
          class={isVideoOn ? 'button control' : 'button control off'}
          aria-pressed={!isVideoOn}
          disabled={!hasVideo}
          onClick={() => call.setVideo(!isVideoOn)}
        >
          {t('call.cameraOff')}
        </button>
        {media && (
          <button
            type="button"
            class="button control"
            aria-expanded={isSettingsOpen}
            aria-controls="call-settings"
            onClick={() => setSettingsOpen(!isSettingsOpen)}
          >
            {t('call.settings')}
          </button>
        )}
        {isHost ? (
          <button
            type="button"
            class="button control danger"
            onClick={() => setConfirmingEnd(true)}
            disabled={isConfirmingEnd}
          >
            {t('call.endForEveryone')}
          </button>
        ) : (
          <button type="button" class="button control danger" onClick={onLeave}>
            {t('call.leave')}
          </button>
        )}
      </div>
      {isSettingsOpen && media && (
        <div id="call-settings" class="call-settings">
          <DevicePicker media={media} />
        </div>
      )}
      {isConfirmingEnd && <ConfirmEnd call={call} onCancel={() => setConfirmingEnd(false)} />}
    </div>
  );
}

/** "End for everyone?": focus starts on Cancel, the safe choice. */
function ConfirmEnd({ call, onCancel }: { call: CallState; onCancel: () => void }) {
  const t = useT();
  const cancel = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="end-confirm-text">
      <p id="end-confirm-text">{t('call.endConfirmText')}</p>
      <div class="actions">
        <button type="button" class="button danger" onClick={() => call.session.end()}>
          {t('call.endConfirm')}
        </button>
        <button type="button" class="button" onClick={onCancel} ref={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
