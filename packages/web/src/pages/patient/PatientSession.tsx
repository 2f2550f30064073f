import { useEffect, useState } from 'preact/hooks';
import type { ConsentTextRef, ErrorCode } from '@samtale/protocol';
import type { LocalMedia } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';
import { createCallState, type CallState } from '../../state/CallState.ts';
import { Page } from '../../components/Page.tsx';
import { Loading } from '../../components/Loading.tsx';
import { CallView } from '../../components/call/CallView.tsx';
import { WaitingRoom } from './WaitingRoom.tsx';
import { MeetingCallView } from '../meeting/MeetingCallView.tsx';
import { useLiveT } from '../../i18n/live/index.ts';
import { useFocusOnMount } from '../../components/focus-on-mount.ts';

const LINK_CODES: ReadonlySet<string> = new Set([
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'CONSULTATION_ENDED',
  'IDPORTEN_SAME_PERSON_REQUIRED',
  'IDPORTEN_OTHER_PERSON',
]);

interface PatientSessionProps {
  token: string;
  displayName: string;
  /** The text they ticked (issue 9), sent with the join as their consent record. */
  consent: ConsentTextRef | undefined;
  media: LocalMedia | null;
  onLinkProblem: (code: ErrorCode) => void;
}

/** From `join` on: waiting room, call, and the page for however it ends. */
export function PatientSession({ token, displayName, consent, media, onLinkProblem }: PatientSessionProps) {
  const { wsUrl, i18n, announcer } = useApp();
  const t = i18n.t;
  const lt = useLiveT();
  const [call, setCall] = useState<CallState | null>(null);
  const [hasLeft, setLeft] = useState<false | 'left' | 'withdrawn'>(false);
  useEffect(() => {
    const created = createCallState({
      url: wsUrl,
      join: {
        kind: 'invitation',
        invitationToken: token,
        displayName,
        hasConsented: true,
        ...(consent === undefined ? {} : { consent }),
      },
      localMedia: media,
    });
    setCall(created);
    created.session.start();
    return () => created.close();
  }, [wsUrl, token, displayName, consent, media]);

  const phase = call?.phase.value;
  const failure = call?.failure.value;
  useEffect(() => {
    if (phase === 'failed' && failure && LINK_CODES.has(failure)) onLinkProblem(failure);
  }, [phase, failure, onLinkProblem]);
  // The page changes with these phases; the app's live region says what happened (issue 11).
  useEffect(() => {
    if (phase === 'waiting') announcer.announce(lt('live.waiting'));
    if (phase === 'admitted') announcer.announce(lt('live.admitted'));
    // lt changes with the language; a language switch is no new phase to announce.
  }, [phase, announcer]);

  if (!call) return <Loading />;
  const leave = (): void => {
    call.session.leave();
    call.close();
    setLeft('left');
  };
  const withdraw = (): void => {
    call.session.withdrawConsent();
    call.close();
    setLeft('withdrawn');
  };
  if (hasLeft === 'withdrawn') return <EndPage title={t('consent.withdrawnTitle')} body={t('consent.withdrawnBody')} />;
  if (hasLeft) return <EndPage title={t('ended.leftTitle')} body={t('ended.leftBody')} />;
  const withdrawButton = <WithdrawConsent onWithdraw={withdraw} />;
  switch (phase) {
    case 'connecting':
      return <Loading />;
    case 'waiting':
      return <WaitingRoom call={call} onLeave={leave} extra={withdrawButton} />;
    case 'admitted': {
      // A meeting keeps its own view when it runs peer to peer (a server without an SFU).
      const isMeeting = call.mediaPlan.value?.isMeeting ?? call.session.call?.kind === 'sfu';
      return (
        <Page title={isMeeting ? t('meeting.title') : t('call.title')} isTitleHidden isWide>
          {isMeeting ? (
            <MeetingCallView call={call} isHost={false} onLeave={leave} meeting={null} />
          ) : (
            <CallView call={call} isHost={false} onLeave={leave} sidebarExtra={withdrawButton} />
          )}
        </Page>
      );
    }
    case 'declined': {
      const reason = call.reason.value;
      return (
        <EndPage
          title={t('ended.declinedTitle')}
          body={t('ended.declinedBody')}
          {...(reason ? { detail: reason } : {})}
        />
      );
    }
    case 'removed':
      return <EndPage title={t('ended.removedTitle')} body={t('ended.removedBody')} />;
    case 'ended':
      return <EndPage title={t('ended.title')} body={t('ended.body')} />;
    case 'superseded':
      return <EndPage title={t('ended.supersededTitle')} body={t('ended.supersededBody')} />;
    default:
      return <EndPage title={t('linkProblem.otherTitle')} body={i18n.error(failure ?? 'INTERNAL')} />;
  }
}

/** "Withdraw consent": leaves the call and records that the person withdrew (issue 9); asks first. */
function WithdrawConsent({ onWithdraw }: { onWithdraw: () => void }) {
  const t = useApp().i18n.t;
  const [isAsking, setAsking] = useState(false);
  if (!isAsking) {
    return (
      <button type="button" class="button danger-outline" onClick={() => setAsking(true)}>
        {t('consent.withdraw')}
      </button>
    );
  }
  return <ConfirmWithdraw onWithdraw={onWithdraw} onCancel={() => setAsking(false)} />;
}

/** "Withdraw consent?": focus starts on Cancel, the safe choice. */
function ConfirmWithdraw({ onWithdraw, onCancel }: { onWithdraw: () => void; onCancel: () => void }) {
  const t = useApp().i18n.t;
  const cancel = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="withdraw-text">
      <p id="withdraw-text">{t('consent.withdrawConfirmText')}</p>
      <div class="actions">
        <button type="button" class="button danger" onClick={onWithdraw}>
          {t('consent.withdrawConfirm')}
        </button>
        <button type="button" class="button" onClick={onCancel} ref={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function EndPage({ title, body, detail }: { title: string; body: string; detail?: string }) {
  const t = useApp().i18n.t;
  return (
    <Page title={title}>
      <p role="status">{body}</p>
      {detail && (
        <blockquote class="host-message">
          <p class="hint">{t('ended.reason')}</p>
          <p>{detail}</p>
        </blockquote>
      )}
      <p class="hint">{t('ended.closeTab')}</p>
    </Page>
  );
}
