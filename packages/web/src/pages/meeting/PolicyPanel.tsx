import type { MeetingView } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { RequirementsList } from '../../components/call/RequirementsList.tsx';

/**
 * The meeting's policy in words (issue 3: "the policy is shown on the meeting page"). `meshMax`:
 * the meeting runs peer to peer (no SFU), so at most that many take part, whatever the policy says.
 */
export function PolicyPanel({ meeting, meshMax = null }: { meeting: MeetingView; meshMax?: number | null }) {
  const t = useT();
  const { policy } = meeting;
  const max = meshMax === null ? policy.maxParticipants : Math.min(meshMax, policy.maxParticipants);
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
        <li>{t('policy.maxParticipants', { count: max })}</li>
        {policy.isE2eeRequired && <li>{t('policy.e2ee')}</li>}
      </ul>
      {meeting.identificationRequirements && <RequirementsList requirements={meeting.identificationRequirements} />}
    </section>
  );
}
