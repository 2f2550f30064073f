/** Tiles per page: a 3×3 grid on a desktop, 2×2 on a phone (issue 3: pagination of video tiles). */
export const TILES_PER_PAGE = { desktop: 9, phone: 4 } as const;

/** Below this width (CSS px) the meeting is laid out for a phone. */
export const PHONE_MAX_WIDTH = 600;

export interface TilePage<T> {
  items: T[];
  /** 0-based, clamped to the pages that exist. */
  page: number;
  pages: number;
}

/** The tiles of one page; a page that no longer exists (people left) becomes the last one. */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): TilePage<T> {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * perPage, (current + 1) * perPage), page: current, pages };
}

/**
 * Columns of a grid of `count` tiles: as square as the page allows (1, 2, 2, 2, 3, ...). A phone
 * held upright stacks one or two people above each other rather than squeezing them side by side.
 */
export function gridColumns(count: number, perPage: number, isPhone = false): number {
  if (isPhone && count <= 2) return 1;
  const maxColumns = Math.round(Math.sqrt(perPage));
  return Math.min(maxColumns, Math.max(1, Math.ceil(Math.sqrt(count))));
}

/**
 * The speaker layout: the active speaker large (or the first person when nobody has spoken yet)
 * and everyone else in a strip. Our own id never becomes the large tile; we see ourselves in the
 * corner already.
 */
export function speakerLayout(
  ids: readonly string[],
  activeSpeaker: string | null,
): { main: string | null; others: string[] } {
  const main = activeSpeaker !== null && ids.includes(activeSpeaker) ? activeSpeaker : (ids[0] ?? null);
  return { main, others: ids.filter((id) => id !== main) };
}
