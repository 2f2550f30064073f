import { useEffect, useState } from 'preact/hooks';
import { InvitationView, type MeetingView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { createMeeting, listMeetings } from '../meeting/meetings-api.ts';
import { CreateMeetingForm, type NewMeeting } from './CreateMeetingForm.tsx';

/** Meetings on the dashboard: create one, see open ones with their guest link, go in. */
export function MeetingsSection() {
  const { api, i18n, router } = useApp();
  const t = i18n.t;
  const [meetings, setMeetings] = useState<MeetingView[]>([]);
  // Only links created in this tab have a URL: the server keeps just a hash of the token.
  const [links, setLinks] = useState<ReadonlyMap<string, Array<InvitationView & { url: string }>>>(new Map());
  const addLink = (meetingId: string, invitation: InvitationView): void => {
    const url = invitation.url;
    if (url === undefined) return;
    setLinks((current) => new Map(current).set(meetingId, [{ ...invitation, url }, ...(current.get(meetingId) ?? [])]));
  };
  const newGuestLink = (meetingId: string): void => {
    api
      .post(`/api/meetings/${meetingId}/invitations`, { role: 'colleague' }, (value) => InvitationView.parse(value))
      .then((invitation) => addLink(meetingId, invitation), setError);
  };
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    listMeetings(api).then((list) => setMeetings(list.meetings), setError);
  }, [api]);

  const create = async (input: NewMeeting): Promise<void> => {
    const created = await createMeeting(api, input);
    addLink(created.meeting.id, created.invitation);
    setMeetings([created.meeting, ...meetings.filter((m) => m.id !== created.meeting.id)]);
  };

  const open = meetings.filter((m) => m.status !== 'ended');
  return (
    <>
      <CreateMeetingForm onCreate={create} />
      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">{t('meetings.heading')}</h2>
        <ErrorMessage error={error} />
        {open.length === 0 ? (
          <p>{t('meetings.empty')}</p>
        ) : (
          <ul class="consultations">
            {open.map((meeting) => {
              const title = meeting.title ?? t('meetings.untitled', { time: i18n.formatTime(meeting.createdAt) });
              const meetingLinks = links.get(meeting.id) ?? [];
              return (
                <li key={meeting.id}>
                  <article class="card consultation" aria-labelledby={`meeting-${meeting.id}`}>
                    <header class="consultation-header">
                      <h3 id={`meeting-${meeting.id}`}>{title}</h3>
                      <span class={`badge badge-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
                    </header>
                    <p class="hint">
                      {t('meetings.summary', {
                        kind: t(`meetings.kind.${meeting.kind}`),
                        count: meeting.admittedCount,
                        waiting: meeting.waiting.length,
                      })}
                    </p>
                    {meetingLinks.map((link) => (
                      <CopyLink
                        key={link.id}
                        label={t('meetings.guestLink')}
                        url={link.url}
                        expiresAt={link.expiresAt}
                      />
                    ))}
                    <div class="actions">
                      <button
                        type="button"
                        class="button primary"
                        aria-label={t('meetings.openNamed', { title })}
                        onClick={() => router.navigate(`/m/${meeting.id}`)}
                      >
                        {t('meetings.open')}
                      </button>
                      <button
                        type="button"
                        class="button"
                        aria-label={`${t('meetings.newGuestLink')}: ${title}`}
                        onClick={() => newGuestLink(meeting.id)}
                      >
                        {t('meetings.newGuestLink')}
                      </button>
                    </div>
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
