import { useApp } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';

/**
 * Shown when a media connection has not come up after the bounded wait (MediaStallWatch): says
 * what probably happened and what to try, instead of an endless "connecting". It disappears by
 * itself once the connection succeeds; the call keeps retrying meanwhile. When the cause is the
 * server's (a meeting's media server away, SFU_UNAVAILABLE), it says that instead, at once:
 * the person's network is not to blame, and there is nothing for them to try.
 */
export function MediaStallNotice({ call }: { call: CallState }) {
  const { i18n } = useApp();
  const t = i18n.t;
  // While signaling itself is away, the reconnect banner already explains the situation.
  if (call.connection.value === 'reconnecting') return null;
  if (call.isMediaServerAway.value) {
    return (
      <div class="banner-warning" role="alert" aria-labelledby="media-server-title">
        <p id="media-server-title">
          <strong>{t('call.mediaServerAwayTitle')}</strong>
        </p>
        <p>{i18n.error('SFU_UNAVAILABLE')}</p>
        <p>{t('call.mediaServerAwayBody')}</p>
      </div>
    );
  }
  if (call.stalledPeers.value.size === 0) return null;
  return (
    <div class="banner-warning" role="alert" aria-labelledby="media-stall-title">
      <p id="media-stall-title">
        <strong>{t('call.mediaStalledTitle')}</strong>
      </p>
      <p>{t('call.mediaStalledBody')}</p>
      <p>{t('call.mediaStalledTry')}</p>
    </div>
  );
}
