import { useEffect, useState } from 'preact/hooks';
import type { ConsentTextRef, ErrorCode, InvitationInfo } from '@samtale/protocol';
import type { LocalMedia } from '@samtale/client-core';
import { ApiRequestError } from '../../api/ApiClient.ts';
import { useApp } from '../../state/AppState.ts';
import type { Route } from '../../state/Router.ts';
import { Loading } from '../../components/Loading.tsx';
import { InfoStep } from './InfoStep.tsx';
import { NameStep } from './NameStep.tsx';
import { LinkProblem } from './LinkProblem.tsx';
import { parseInvitationInfo } from './parseInvitationInfo.ts';

type Step =
  | { name: 'loading' }
  | { name: 'problem'; code: ErrorCode | 'NETWORK' }
  | { name: 'info'; info: InvitationInfo }
  | { name: 'devices'; info: InvitationInfo }
  | { name: 'name'; info: InvitationInfo; media: LocalMedia | null }
  | {
      name: 'session';
      info: InvitationInfo;
      media: LocalMedia | null;
      displayName: string;
      consent: ConsentTextRef | undefined;
    };

// The device check and the call carry the engine (and zod): loaded only once the person goes on.
const loadLive = () => import('./live.ts');
type Live = Awaited<ReturnType<typeof loadLive>>;

/** `/j/:token`: the patient's (or guest's) whole path, step by step. */
export default function PatientPage({ route }: { route: Route }) {
  const { api } = useApp();
  const token = route.name === 'join' ? route.token : '';
  const [step, setStep] = useState<Step>({ name: 'loading' });
  const [live, setLive] = useState<Live | null>(null);

  useEffect(() => {
    api.post('/api/invitations/inspect', { token }, parseInvitationInfo).then(
      (info) => {
        setStep({ name: 'info', info });
        // Fetch the next steps' code while the person reads.
        void loadLive().then(setLive);
      },
      (error: unknown) =>
        setStep({ name: 'problem', code: error instanceof ApiRequestError ? error.code : 'INTERNAL' }),
    );
  }, [api, token]);

  switch (step.name) {
    case 'loading':
      return <Loading />;
    case 'problem':
      return <LinkProblem code={step.code} />;
    case 'info':
      return <InfoStep info={step.info} onNext={() => setStep({ name: 'devices', info: step.info })} />;
    case 'devices':
      if (!live) return <Loading />;
      return <live.DeviceStep onReady={(media) => setStep({ name: 'name', info: step.info, media })} />;
    case 'name':
      return (
        <NameStep
          info={step.info}
          onJoin={(displayName, consent) =>
            setStep({ name: 'session', info: step.info, media: step.media, displayName, consent })
          }
        />
      );
    case 'session':
      if (!live) return <Loading />;
      return (
        <live.PatientSession
          token={token}
          displayName={step.displayName}
          consent={step.consent}
          media={step.media}
          onLinkProblem={(code) => setStep({ name: 'problem', code })}
        />
      );
  }
}
