import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../state/AppState.ts';

/**
 * Sent on `window` once a person's tap let one tile play its sound: the tap counts for the whole
 * page (the browser's user activation), so every other silenced tile tries again.
 */
const AUDIO_UNLOCKED = 'samtale:audio-unlocked';

interface VideoTileProps {
  stream: MediaStream | null;
  /** Name shown on the tile and used as the video's accessible name. */
  label: string;
  /** Own picture: muted (no echo) and mirrored like a mirror. */
  isLocal?: boolean;
  className?: string;
  /** Shown under the name (how the person was identified). */
  badge?: ComponentChildren;
}

/**
 * One video; the stream is attached by reference because srcObject cannot be set in markup.
 * Where the browser's autoplay rules refuse sound before the person has tapped the page (after a
 * reload that resumes the call, on many phones), the picture plays silenced and the tile offers
 * "Trykk for å høre" (issue 11): never a call that looks fine and is silent.
 */
export function VideoTile({ stream, label, isLocal = false, className = '', badge }: VideoTileProps) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [isSoundBlocked, setSoundBlocked] = useState(false);
  useEffect(() => {
    const element = video.current;
    setSoundBlocked(false);
    if (!element) return;
    element.srcObject = stream;
    if (!stream) return;
    element.muted = isLocal;
    element.play().catch((error: unknown) => {
      if (isLocal || !(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      // Muted video may always play: show the person, and ask for the tap that allows sound.
      element.muted = true;
      element.play().catch(() => undefined);
      setSoundBlocked(true);
    });
  }, [stream, isLocal]);
  useEffect(() => {
    if (!isSoundBlocked) return;
    const retry = (): void => {
      const element = video.current;
      // The tile whose tap this was has its sound already.
      if (!element || !element.muted) return;
      element.muted = false;
      element.play().then(
        () => setSoundBlocked(false),
        () => {
          element.muted = true;
        },
      );
    };
    window.addEventListener(AUDIO_UNLOCKED, retry);
    return () => window.removeEventListener(AUDIO_UNLOCKED, retry);
  }, [isSoundBlocked]);
  const allowSound = (): void => {
    const element = video.current;
    if (!element) return;
    element.muted = false;
    element.play().then(
      () => {
        setSoundBlocked(false);
        window.dispatchEvent(new Event(AUDIO_UNLOCKED));
      },
      () => {
        element.muted = true;
      },
    );
  };
  return (
    <figure class={`tile ${isLocal ? 'tile-local' : 'tile-remote'} ${className}`}>
      <video
        ref={video}
        autoplay
        playsInline
        muted={isLocal}
        aria-label={label}
        class={isLocal ? 'mirrored' : undefined}
      />
      {isSoundBlocked && (
        <button
          type="button"
          class="tap-to-hear"
          onClick={allowSound}
          aria-label={t('call.tapToHearNamed', { name: label })}
        >
          {t('call.tapToHear')}
        </button>
      )}
      <figcaption>
        {label}
        {badge}
      </figcaption>
    </figure>
  );
}
