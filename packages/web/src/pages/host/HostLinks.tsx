import { useState } from 'preact/hooks';
import { InvitationView, type InvitationRole } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { CopyLink } from '../../components/CopyLink.tsx';
import { NewLinkForm } from '../../components/NewLinkForm.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { roleKey } from '../../components/roles.ts';

/** In the call: create a link for one more person (interpreter, relative, colleague) and copy it. */
export function HostLinks({ consultationId }: { consultationId: string }) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [links, setLinks] = useState<InvitationView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const create = async (role: InvitationRole): Promise<void> => {
    setError(null);
    try {
      const invitation = await api.post(`/api/consultations/${consultationId}/invitations`, { role }, (v) =>
        InvitationView.parse(v),
      );
      setLinks([invitation, ...links]);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="host-links" aria-labelledby="host-links-heading">
      <h2 id="host-links-heading">{t('hostCall.inviteMore')}</h2>
      <NewLinkForm onCreate={create} />
      <p>
        {/* During the call: the note is written in a tab of its own (and its own CSP, ADR 0019). */}
        <a href={`/summary/${consultationId}`} target="_blank" rel="noopener">
          {t('journal.openDuring')}
        </a>
      </p>
      <ErrorMessage error={error} />
      {links.map(
        (link) =>
          link.url && (
            <CopyLink
              key={link.id}
              label={t('link.forRole', { role: t(roleKey(link.role)) })}
              url={link.url}
              expiresAt={link.expiresAt}
            />
          ),
      )}
    </section>
  );
}
