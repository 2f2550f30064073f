import { ApiRequestError } from '../api/ApiClient.ts';
import { useApp } from '../state/AppState.ts';

/** Text for an error in the user's language: coded errors by code, anything else as a generic failure. */
export function useErrorText(): (error: unknown) => string {
  const { i18n } = useApp();
  return (error) => {
    if (error instanceof ApiRequestError) {
      if (error.code === 'LOGIN_RATE_LIMITED' && error.retryAfterSeconds !== null) {
        return i18n.t('login.rateLimited', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
      }
      return i18n.error(error.code);
    }
    return i18n.error('INTERNAL');
  };
}

/** An error announced to screen readers as soon as it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  const text = useErrorText();
  if (error === null || error === undefined) return null;
  return (
    <p class="error" role="alert">
      {text(error)}
    </p>
  );
}
