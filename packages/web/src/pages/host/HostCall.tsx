import { useEffect, useState } from 'preact/hooks';
import type { LocalMedia } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';
import { createCallState, type CallState } from '../../state/CallState.ts';
import { Page } from '../../components/Page.tsx';
import { Loading } from '../../components/Loading.tsx';
import { CallView } from '../../components/call/CallView.tsx';
import { MediaGate } from '../../components/call/MediaGate.tsx';
import { ADMIT_ON_OPEN_KEY } from '../../state/admit-on-open.ts';
import { HostLinks } from './HostLinks.tsx';
import { SummaryView } from './SummaryView.tsx';
import HostSidePanel from '../../components/consent/HostSidePanel.tsx';

/** The host's side of a consultation: media first, then the call, then the summary. */
export function HostCall({ consultationId }: { consultationId: string }) {
  const { i18n, router } = useApp();
  const t = i18n.t;
  const [media, setMedia] = useState<{ local: LocalMedia | null } | null>(null);
  if (!media) {
    return (
      <Page title={t('hostCall.prepareTitle')}>
        <MediaGate onReady={(local) => setMedia({ local })} continueLabel={t('hostCall.join')} />
        <p>
          <a href="/" onClick={(event) => (event.preventDefault(), router.navigate('/'))}>
            {t('nav.dashboard')}
          </a>
        </p>
      </Page>
    );
  }
  return <HostInCall consultationId={consultationId} localMedia={media.local} />;
}

function HostInCall({ consultationId, localMedia }: { consultationId: string; localMedia: LocalMedia | null }) {
  const { i18n, router, wsUrl } = useApp();
  const t = i18n.t;
  const [call, setCall] = useState<CallState | null>(null);
  useEffect(() => {
    const created = createCallState({ url: wsUrl, join: { kind: 'host', consultationId }, localMedia });
    setCall(created);
    created.session.start();
    return () => created.close();
  }, [consultationId, localMedia, wsUrl]);

  const phase = call?.phase.value;
  const participants = call?.participants.value;
  // "Admit" chosen on the dashboard: admit that person once the host is in and sees them waiting.
  useEffect(() => {
    if (!call || phase !== 'admitted') return;
    const pending = sessionStorage.getItem(ADMIT_ON_OPEN_KEY);
    if (pending && participants?.some((p) => p.id === pending && p.state === 'waiting')) {
      sessionStorage.removeItem(ADMIT_ON_OPEN_KEY);
      call.session.admit(pending);
    }
  }, [call, phase, participants]);

  if (!call || phase === 'connecting') return <Loading />;
  if (phase === 'ended') return <SummaryView consultationId={consultationId} />;
  if (phase !== 'admitted') {
    return (
      <Page title={t('hostCall.failedTitle')}>
        <p class="error" role="alert">
          {i18n.error(call.failure.value ?? 'INTERNAL')}
        </p>
        <a href="/">{t('nav.dashboard')}</a>
      </Page>
    );
  }
  const backToDashboard = (): void => {
    call.close();
    router.navigate('/');
  };
  return (
    <Page
      title={t('call.title')}
      isTitleHidden
      isWide
      headerExtra={
        <button type="button" class="button link-button" onClick={backToDashboard}>
          {t('nav.dashboard')}
        </button>
      }
    >
      <CallView
        call={call}
        isHost
        onLeave={backToDashboard}
        sidebarExtra={
          <>
            <HostSidePanel call={call} consultationId={consultationId} />
            <HostLinks consultationId={consultationId} />
          </>
        }
      />
    </Page>
  );
}
