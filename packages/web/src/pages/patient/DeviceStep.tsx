import type { LocalMedia } from '@samtale/client-core';
import { useT } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { MediaGate } from '../../components/call/MediaGate.tsx';

/** Camera preview, microphone level and device choice before joining. */
export function DeviceStep({ onReady }: { onReady: (media: LocalMedia | null) => void }) {
  const t = useT();
  return (
    <Page title={t('devices.title')}>
      <p>{t('devices.intro')}</p>
      <MediaGate onReady={onReady} continueLabel={t('devices.continue')} />
    </Page>
  );
}
