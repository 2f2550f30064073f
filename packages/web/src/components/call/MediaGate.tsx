import { useEffect, useRef, useState } from 'preact/hooks';
import { canEncryptCalls, LocalMedia, MediaAccessError } from '@samtale/client-core';
import { useT } from '../../state/AppState.ts';
import { VideoTile } from './VideoTile.tsx';
import { LevelMeter } from './LevelMeter.tsx';
import { DevicePicker } from './DevicePicker.tsx';

type Want = 'both' | 'audio';
type Problem = MediaAccessError['kind'];

interface MediaGateProps {
  /** Called with the opened media (ownership passes to the caller), or null to go on without devices. */
  onReady: (media: LocalMedia | null) => void;
  continueLabel: string;
}

/**
 * Device check: own camera preview, live microphone level and device choice. When access is
 * denied or no device exists it explains how to fix that and offers audio only or no devices.
 * A browser that cannot encrypt calls end to end is told so here, before any waiting room, and
 * cannot go on (issue 11): every call requires E2EE.
 */
export function MediaGate(props: MediaGateProps) {
  const t = useT();
  // Checked once: what a browser supports does not change while the page is open.
  const [canEncrypt] = useState(canEncryptCalls);
  if (!canEncrypt) {
    return (
      <div class="media-gate">
        <div class="notice" role="alert">
          <h2>{t('e2ee.unsupported.title')}</h2>
          <p>{t('e2ee.unsupported.body')}</p>
          <p>{t('e2ee.unsupported.use')}</p>
        </div>
      </div>
    );
  }
  return <DeviceCheck {...props} />;
}

function DeviceCheck({ onReady, continueLabel }: MediaGateProps) {
  const t = useT();
  const [want, setWant] = useState<Want>('both');
  const [attempt, setAttempt] = useState(0);
  const [media, setMedia] = useState<LocalMedia | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [isOpening, setOpening] = useState(true);
  const isHandedOver = useRef(false);

  useEffect(() => {
    let opened: LocalMedia | null = null;
    let isCurrent = true;
    setOpening(true);
    setProblem(null);
    LocalMedia.open(want === 'audio' ? { videoDeviceId: false } : {}).then(
      (local) => {
        opened = local;
        if (isCurrent) {
          setMedia(local);
          setOpening(false);
        } else local.close();
      },
      (error: unknown) => {
        if (!isCurrent) return;
        setProblem(error instanceof MediaAccessError ? error.kind : 'unknown');
        setOpening(false);
      },
    );
    return () => {
      isCurrent = false;
      if (opened && !isHandedOver.current) opened.close();
      setMedia(null);
    };
  }, [want, attempt]);

  const finish = (result: LocalMedia | null): void => {
    isHandedOver.current = result !== null;
    if (result === null) media?.close();
    onReady(result);
  };

  return (
    <div class="media-gate">
      {isOpening && (
        <p role="status" class="hint">
          {t('devices.asking')}
        </p>
      )}
      {problem && (
        <div class="notice" role="alert">
          <h2>{t(`devices.problem.${problem}.title`)}</h2>
          <p>{t(`devices.problem.${problem}.body`)}</p>
          <div class="actions">
            <button type="button" class="button" onClick={() => setAttempt(attempt + 1)}>
              {t('devices.retry')}
            </button>
            {want === 'both' && (
              <button type="button" class="button" onClick={() => setWant('audio')}>
                {t('devices.audioOnly')}
              </button>
            )}
            <button type="button" class="button" onClick={() => finish(null)}>
              {t('devices.withoutDevices')}
            </button>
          </div>
        </div>
      )}
      {media && (
        <div class="device-check">
          {media.stream.getVideoTracks().length > 0 ? (
            <VideoTile stream={media.stream} label={t('call.yourVideo')} isLocal className="preview" />
          ) : (
            <p class="hint">{t('devices.noVideo')}</p>
          )}
          <div class="device-side">
            {media.stream.getAudioTracks().length > 0 && (
              <div class="field">
                <span class="label-text">{t('devices.level')}</span>
                <LevelMeter stream={media.stream} />
                <p class="hint">{t('devices.levelHint')}</p>
              </div>
            )}
            <DevicePicker media={media} />
          </div>
        </div>
      )}
      {media && (
        <div class="actions">
          <button type="button" class="button primary" onClick={() => finish(media)}>
            {continueLabel}
          </button>
          <button type="button" class="button link-button" onClick={() => finish(null)}>
            {t('devices.withoutDevices')}
          </button>
        </div>
      )}
    </div>
  );
}
