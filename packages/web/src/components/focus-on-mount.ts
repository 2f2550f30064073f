import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Focuses the element when it appears. The `autofocus` attribute does not: browsers honour it
 * once per document load, not on elements a page adds later (such as a confirm step), so focus
 * stayed on a button that had just been disabled, that is nowhere (WCAG 2.4.3).
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
