import { useId, useState } from 'preact/hooks';
import type { InvitationRole } from '@samtale/protocol';
import { useT } from '../state/AppState.ts';
import { roleKey } from './roles.ts';

const EXTRA_ROLES: InvitationRole[] = ['interpreter', 'relative', 'colleague', 'patient'];

/** Creates another link for one more person (interpreter, relative, colleague). */
export function NewLinkForm({ onCreate }: { onCreate: (role: InvitationRole) => Promise<unknown> }) {
  const t = useT();
  const id = useId();
  const [role, setRole] = useState<InvitationRole>('interpreter');
  const [isBusy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    await onCreate(role);
    setBusy(false);
  };
  return (
    <form class="new-link" onSubmit={(event) => void submit(event)}>
      <label for={id}>{t('link.roleLabel')}</label>
      <select id={id} value={role} onChange={(event) => setRole(event.currentTarget.value as InvitationRole)}>
        {EXTRA_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(roleKey(r))}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={isBusy}>
        {t('link.create')}
      </button>
    </form>
  );
}
