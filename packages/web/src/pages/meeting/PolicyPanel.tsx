import type { MeetingView } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';

/** The meeting's policy in words (issue 3: "the policy is shown on the meeting page"). */
export function PolicyPanel({ meeting }: { meeting: MeetingView }) {
  const t = useT();
  const { policy } = meeting;
  return (
    <section class="policy" aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t('policy.heading')}</h2>
      <p>
        <span class="badge">{t(`meetings.kind.${meeting.kind}`)}</span>
        {meeting.hasPersonalData && <> {t('policy.personalData')}</>}
      </p>
      <ul>
        <li>{t(`policy.directEntry.${policy.directEntry}`)}</li>
        <li>{policy.isWaitingRoomMandatory ? t('policy.waitingRoomMandatory') : t('policy.guestsWait')}</li>
        <li>{t('policy.maxParticipants', { count: policy.maxParticipants })}</li>
        {policy.isE2eeRequired && <li>{t('policy.e2ee')}</li>}
      </ul>
    </section>
  );
}
