import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MeetingView } from '@samtale/protocol';
import type { LocalMedia } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';
import { createCallState, type CallState } from '../../state/CallState.ts';
import { Page } from '../../components/Page.tsx';
import { Loading } from '../../components/Loading.tsx';
import { getMeeting } from './meetings-api.ts';
import { MeetingCallView } from './MeetingCallView.tsx';
import { PolicyPanel } from './PolicyPanel.tsx';

/** A member in a meeting (join as `member`): waiting by policy, the meeting, and how it ends. */
export function MeetingSession({ meetingId, localMedia }: { meetingId: string; localMedia: LocalMedia | null }) {
  const { api, i18n, router, wsUrl } = useApp();
  const t = i18n.t;
  const [call, setCall] = useState<CallState | null>(null);
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const [hasLeft, setLeft] = useState(false);
  useEffect(() => {
    const created = createCallState({ url: wsUrl, join: { kind: 'member', consultationId: meetingId }, localMedia });
    setCall(created);
    created.session.start();
    return () => created.close();
  }, [meetingId, localMedia, wsUrl]);
  useEffect(() => {
    // The policy is shown when the API shows it; the meeting works without it.
    getMeeting(api, meetingId).then(setMeeting, () => setMeeting(null));
  }, [api, meetingId]);

  const phase = call?.phase.value;
  if (!call || phase === 'connecting') return <Loading />;
  const toDashboard = (): void => {
    call.close();
    router.navigate('/');
  };
  const leave = (): void => {
    call.session.leave();
    call.close();
    setLeft(true);
  };
  const dashboardLink = (
    <a href="/" onClick={(event) => (event.preventDefault(), toDashboard())}>
      {t('nav.dashboard')}
    </a>
  );
  if (hasLeft) return <Ended title={t('meeting.leftTitle')}>{dashboardLink}</Ended>;
  switch (phase) {
    case 'admitted':
      return (
        <Page
          title={meeting?.title ?? t('meeting.title')}
          isTitleHidden
          isWide
          headerExtra={
            <button type="button" class="button link-button" onClick={toDashboard}>
              {t('nav.dashboard')}
            </button>
          }
        >
          <MeetingCallView call={call} isHost={call.session.role === 'host'} onLeave={leave} meeting={meeting} />
        </Page>
      );
    case 'waiting':
      return (
        <Page title={t('waitingRoom.title')}>
          <p role="status">{t('meeting.waitingBody')}</p>
          {meeting && <PolicyPanel meeting={meeting} />}
          <button type="button" class="button danger-outline" onClick={leave}>
            {t('waitingRoom.leave')}
          </button>
        </Page>
      );
    case 'ended':
      return <Ended title={t('meeting.endedTitle')}>{dashboardLink}</Ended>;
    case 'removed':
      return <Ended title={t('meeting.removedTitle')}>{dashboardLink}</Ended>;
    default:
      return (
        <Ended title={t('meeting.failedTitle')}>
          <p class="error" role="alert">
            {i18n.error(call.failure.value ?? 'INTERNAL')}
          </p>
          {/* What the meeting requires, so a refused member sees what is missing (issue 8). */}
          {meeting && call.failure.value === 'IDENTIFICATION_REQUIRED' && <PolicyPanel meeting={meeting} />}
          {dashboardLink}
        </Ended>
      );
  }
}

function Ended({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <Page title={title}>
      <p role="status">{title}</p>
      {children}
    </Page>
  );
}
