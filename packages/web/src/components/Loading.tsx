import { useT } from '../state/AppState.ts';

/** Shown while a page's code or data loads. */
export function Loading() {
  const t = useT();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
