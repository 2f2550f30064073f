import { useEffect, useRef, useState } from 'preact/hooks';
import { tileSizeFor, type VisibleTile } from '@samtale/client-core';
import { useT } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { VideoTile } from '../../components/call/VideoTile.tsx';
import { IdentificationBadge } from '../../components/call/IdentificationBadge.tsx';
import { gridColumns, pageOf, PHONE_MAX_WIDTH, speakerLayout, TILES_PER_PAGE } from './tile-pages.ts';

export type MeetingLayout = 'grid' | 'speaker';

interface MeetingStageProps {
  call: CallState;
  layout: MeetingLayout;
  activeSpeaker: string | null;
}

/**
 * The videos of a meeting, grid or speaker layout, a page at a time. Tells the SFU plane which
 * tiles are on screen and how big, so it receives exactly those at a fitting layer.
 */
export function MeetingStage({ call, layout, activeSpeaker }: MeetingStageProps) {
  const t = useT();
  const stage = useRef<HTMLElement>(null);
  const width = useWidth(stage);
  const [page, setPage] = useState(0);
  const self = call.session.participantId;
  const participants = call.participants.value.filter((p) => p.state === 'admitted' && p.id !== self);
  const streams = call.remoteStreams.value;
  const ids = participants.map((p) => p.id);
  const isPhone = width > 0 && width <= PHONE_MAX_WIDTH;
  const perPage = isPhone ? TILES_PER_PAGE.phone : TILES_PER_PAGE.desktop;
  const speaker = speakerLayout(ids, activeSpeaker);
  const current = pageOf(layout === 'grid' ? ids : speaker.others, page, layout === 'grid' ? perPage : perPage - 1);
  const columns = gridColumns(current.items.length, perPage, isPhone);
  const tileWidth = layout === 'grid' ? width / columns : width / Math.max(1, perPage - 1);

  const visible: VisibleTile[] = [
    ...(layout === 'speaker' && speaker.main !== null
      ? [{ participantId: speaker.main, size: tileSizeFor(width, devicePixelRatio) }]
      : []),
    ...current.items.map((id) => ({ participantId: id, size: tileSizeFor(tileWidth, devicePixelRatio) })),
  ];
  // The effect runs when what is visible changes, not on every render (each makes a new array).
  const visibleKey = visible.map((tile) => `${tile.participantId}:${tile.size}`).join(',');
  const latestVisible = useRef(visible);
  latestVisible.current = visible;
  useEffect(() => {
    const plane = call.session.call;
    if (plane?.kind === 'sfu' && width > 0) plane.subscribe(latestVisible.current);
  }, [call, visibleKey, width]);

  const nameOf = (id: string): string => participants.find((p) => p.id === id)?.displayName ?? t('call.someone');
  const tile = (id: string, className: string) => {
    const person = participants.find((p) => p.id === id);
    const label = person?.isVideoOn === false ? t('meeting.cameraOffTile', { name: nameOf(id) }) : nameOf(id);
    const isSpeaking = id === activeSpeaker;
    return (
      <div key={id} class={`meeting-tile ${className}${isSpeaking ? ' speaking' : ''}`} data-participant-id={id}>
        <VideoTile
          stream={streams.get(id) ?? null}
          label={label}
          badge={person && <IdentificationBadge identification={person.identification} />}
        />
        {isSpeaking && <span class="speaking-badge">{t('meeting.speaking')}</span>}
      </div>
    );
  };

  return (
    <section ref={stage} class={`meeting-stage layout-${layout}`} aria-label={t('call.videos')}>
      {ids.length === 0 ? (
        <p class="stage-empty" role="status">
          {t('call.waitingForOthers')}
        </p>
      ) : layout === 'speaker' && speaker.main !== null ? (
        <>
          {tile(speaker.main, 'main')}
          <div class="filmstrip">{current.items.map((id) => tile(id, 'strip'))}</div>
        </>
      ) : (
        <div class="meeting-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
          {current.items.map((id) => tile(id, 'grid'))}
        </div>
      )}
      {current.pages > 1 && (
        <nav class="tile-pages" aria-label={t('meeting.pages')}>
          <button
            type="button"
            class="button small"
            disabled={current.page === 0}
            onClick={() => setPage(current.page - 1)}
          >
            {t('meeting.previousPage')}
          </button>
          <span aria-live="polite">{t('meeting.page', { page: current.page + 1, pages: current.pages })}</span>
          <button
            type="button"
            class="button small"
            disabled={current.page >= current.pages - 1}
            onClick={() => setPage(current.page + 1)}
          >
            {t('meeting.nextPage')}
          </button>
        </nav>
      )}
      {call.localMedia && call.isVideoOn.value && (
        <VideoTile stream={call.localMedia.stream} label={t('call.yourVideo')} isLocal />
      )}
    </section>
  );
}

/** The element's width in CSS pixels, kept current with a ResizeObserver. */
function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
