import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

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

/** One video; the stream is attached by reference because srcObject cannot be set in markup. */
export function VideoTile({ stream, label, isLocal = false, className = '', badge }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    if (stream) element.play().catch(() => undefined);
  }, [stream]);
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
      <figcaption>
        {label}
        {badge}
      </figcaption>
    </figure>
  );
}
