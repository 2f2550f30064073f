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
  | { name: 'info'; info: InvitationInfo; error?: ErrorCode | 'NETWORK' }
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

// The link this tab went to ID-porten from (issue 8): the way back, /j/idporten, does not carry it.
const IDPORTEN_RETURN_KEY = 'samtale.idporten.link';

const parseRedirect = (value: unknown): string => {
  const url = (value as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new TypeError('RedirectView.url');
  return url;
};

/** Back from ID-porten: the tab's link (put back in the address bar) and why it was refused, if it was. */
function returnFromIdporten(): { token: string; error: ErrorCode | undefined } {
  const token = sessionStorage.getItem(IDPORTEN_RETURN_KEY) ?? '';
  sessionStorage.removeItem(IDPORTEN_RETURN_KEY);
  const error = new URLSearchParams(location.search).get('error');
  if (token !== '') history.replaceState(null, '', `/j/${token}`);
  return { token, error: error === null ? undefined : (error as ErrorCode) };
}

/** `/j/:token`: the patient's (or guest's) whole path, step by step. */
export default function PatientPage({ route }: { route: Route }) {
  const { api } = useApp();
  const [back] = useState(() => (route.name === 'join' && route.token === '' ? returnFromIdporten() : null));
  const token = back?.token ?? (route.name === 'join' ? route.token : '');
  const [step, setStep] = useState<Step>({ name: 'loading' });
  const [live, setLive] = useState<Live | null>(null);

  const startIdporten = (info: InvitationInfo): void => {
    sessionStorage.setItem(IDPORTEN_RETURN_KEY, token);
    api.post('/api/auth/idporten/start', { token }, parseRedirect).then(
      (url) => location.assign(url),
      (error: unknown) =>
        setStep({ name: 'info', info, error: error instanceof ApiRequestError ? error.code : 'INTERNAL' }),
    );
  };

  useEffect(() => {
    api.post('/api/invitations/inspect', { token }, parseInvitationInfo).then(
      (info) => {
        // Identified and back: on to the device check, where they were going.
        if (back !== null && back.error === undefined && info.idportenLevel !== undefined) {
          setStep({ name: 'devices', info });
        } else {
          setStep({ name: 'info', info, ...(back?.error === undefined ? {} : { error: back.error }) });
        }
        // Fetch the next steps' code while the person reads.
        void loadLive().then(setLive);
      },
      (error: unknown) =>
        setStep({ name: 'problem', code: error instanceof ApiRequestError ? error.code : 'INTERNAL' }),
    );
  }, [api, token, back]);

  switch (step.name) {
    case 'loading':
      return <Loading />;
    case 'problem':
      return <LinkProblem code={step.code} />;
    case 'info':
      return (
        <InfoStep
          info={step.info}
          idportenError={step.error}
          onNext={() => setStep({ name: 'devices', info: step.info })}
          onIdporten={() => startIdporten(step.info)}
        />
      );
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
          onLinkProblem={(code) =>
            setStep(
              // A forwarded link (issue 8): this device must identify as the link's person first.
              code === 'IDPORTEN_SAME_PERSON_REQUIRED' || code === 'IDPORTEN_OTHER_PERSON'
                ? { name: 'info', info: step.info, error: code }
                : { name: 'problem', code },
            )
          }
        />
      );
  }
}
