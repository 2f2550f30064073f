import { useState } from 'preact/hooks';
import type { ConsultationView, InvitationRole } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { DashboardState } from '../../state/DashboardState.ts';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { roleKey } from '../../components/roles.ts';
import { WaitingEntryRow } from './WaitingEntryRow.tsx';
import { NewLinkForm } from '../../components/NewLinkForm.tsx';
import { ADMIT_ON_OPEN_KEY } from '../../state/admit-on-open.ts';

/** One consultation on the dashboard: its links, who waits, and the way into the call. */
export function ConsultationCard({
  consultation,
  dashboard,
}: {
  consultation: ConsultationView;
  dashboard: DashboardState;
}) {
  const { i18n, router } = useApp();
  const t = i18n.t;
  const [error, setError] = useState<unknown>(null);
  const title = consultation.label ?? t('consultation.untitled', { time: i18n.formatTime(consultation.createdAt) });
  const headingId = `consultation-${consultation.id}`;
  const links = dashboard.links.value.filter((link) => link.consultationId === consultation.id);

  const openCall = (admitParticipantId?: string): void => {
    if (admitParticipantId) sessionStorage.setItem(ADMIT_ON_OPEN_KEY, admitParticipantId);
    router.navigate(`/c/${consultation.id}`);
  };
  const createLink = (role: InvitationRole): Promise<void> => dashboard.createLink(consultation.id, role);

  return (
    <article class="card consultation" aria-labelledby={headingId}>
      <header class="consultation-header">
        <h3 id={headingId}>{title}</h3>
        <span class={`badge badge-${consultation.status}`}>{t(`status.${consultation.status}`)}</span>
      </header>
      {links.map((link) => (
        <CopyLink
          key={link.invitation.id}
          label={t('link.forRole', { role: t(roleKey(link.invitation.role)) })}
          url={link.invitation.url}
          expiresAt={link.invitation.expiresAt}
        />
      ))}
      <section aria-label={t('waiting.listLabel', { title })}>
        {consultation.waiting.length === 0 ? (
          <p class="hint">{t('waiting.none')}</p>
        ) : (
          <ul class="waiting-list">
            {consultation.waiting.map((entry) => (
              <WaitingEntryRow
                key={entry.participantId}
                entry={entry}
                onAdmit={() => openCall(entry.participantId)}
                onMessage={(text) =>
                  dashboard.act({ type: 'messageWaiting', participantId: entry.participantId, text })
                }
                onDecline={(reason) =>
                  dashboard.act({
                    type: 'decline',
                    participantId: entry.participantId,
                    ...(reason ? { reason } : {}),
                  })
                }
              />
            ))}
          </ul>
        )}
      </section>
      <ErrorMessage error={error} />
      <div class="actions">
        <button
          type="button"
          class="button primary"
          onClick={() => openCall()}
          aria-label={t('consultation.openNamed', { title })}
        >
          {t('consultation.open')}
        </button>
        <NewLinkForm onCreate={(role) => createLink(role).catch(setError)} />
        {consultation.status !== 'open' && (
          // A full page load (no in-app routing): the summary page's own CSP allows the EPJ (ADR 0019).
          <a class="button" href={`/summary/${consultation.id}`}>
            {t('journal.open')}
          </a>
        )}
      </div>
    </article>
  );
}
