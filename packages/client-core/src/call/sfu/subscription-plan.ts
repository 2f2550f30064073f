import type { FeedView, Substream } from '@samtale/protocol';

/** How big a tile is drawn; decides which simulcast layer is worth receiving. */
export type TileSize = 'small' | 'medium' | 'large';

/** A tile the layout currently shows. */
export interface VisibleTile {
  participantId: string;
  size: TileSize;
}

export interface PlannedFeed {
  feedId: string;
  substream: Substream;
  /** false: audio only (the participant is not on screen). */
  hasVideo: boolean;
}

const LAYER_FOR_SIZE: Readonly<Record<TileSize, Substream>> = { small: 0, medium: 1, large: 2 };

/** CSS pixel widths below which a smaller layer looks the same (VP8 layers 1/4, 1/2, 1/1). */
const SMALL_MAX_WIDTH = 320;
const MEDIUM_MAX_WIDTH = 640;

/** The size class of a tile `widthPx` CSS pixels wide on a screen of `devicePixelRatio`. */
export function tileSizeFor(widthPx: number, devicePixelRatio = 1): TileSize {
  const physical = widthPx * Math.max(1, devicePixelRatio);
  if (physical <= SMALL_MAX_WIDTH) return 'small';
  if (physical <= MEDIUM_MAX_WIDTH) return 'medium';
  return 'large';
}

/**
 * The full subscription (issue 3: "each receiver subscribes only to the tiles it shows, at a
 * fitting layer"): video only for visible tiles, at the layer their size needs (the best one when a
 * participant has several tiles); audio from everyone else, so people off the current page are
 * still heard. Our own feed is never subscribed. Sorted by feedId so equal plans compare equal.
 */
export function planSubscription(
  feeds: readonly FeedView[],
  tiles: readonly VisibleTile[],
  selfId: string,
): PlannedFeed[] {
  const layerOf = new Map<string, Substream>();
  for (const tile of tiles) {
    const layer = LAYER_FOR_SIZE[tile.size];
    const current = layerOf.get(tile.participantId);
    if (current === undefined || layer > current) layerOf.set(tile.participantId, layer);
  }
  const planned: PlannedFeed[] = [];
  for (const feed of feeds) {
    if (feed.participantId === selfId) continue;
    const layer = layerOf.get(feed.participantId);
    const hasVideo = feed.hasVideo && layer !== undefined;
    if (!hasVideo && !feed.hasAudio) continue;
    // A feed without simulcast has one layer; asking for another would be ignored anyway.
    const substream: Substream = hasVideo && feed.isSimulcast ? (layer ?? 0) : 0;
    planned.push({ feedId: feed.feedId, substream, hasVideo });
  }
  return planned.sort((a, b) => (a.feedId < b.feedId ? -1 : a.feedId > b.feedId ? 1 : 0));
}

/** True when two plans ask for the same thing (no need to send `sfuSubscribe` again). */
export function isSamePlan(a: readonly PlannedFeed[], b: readonly PlannedFeed[]): boolean {
  return (
    a.length === b.length &&
    a.every((feed, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        other.feedId === feed.feedId &&
        other.substream === feed.substream &&
        other.hasVideo === feed.hasVideo
      );
    })
  );
}
