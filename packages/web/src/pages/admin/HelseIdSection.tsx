import { useEffect, useId, useState } from 'preact/hooks';
import {
  HelseIdAdminView,
  HelseIdMemberView,
  HelseIdProvisioning,
  type UserRole,
  type UserView,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { useAdminIdentityT } from '../../i18n/admin-identity/index.ts';

const ROLES = ['clinician', 'admin'] as const;

interface HelseIdSectionProps {
  /** The organisation's users (the admin page's list), for the members' names and e-mail. */
  users: readonly UserView[];
  onMemberRegistered: () => void;
  /** Tells the page whether HelseID is configured (the policy table hints when it is not). */
  onLoaded: (view: HelseIdAdminView) => void;
}

/** The HelseID panel (issue 8): configuration, provisioning on first login, registering staff, who is linked. */
export function HelseIdSection({ users, onMemberRegistered, onLoaded }: HelseIdSectionProps) {
  const { api } = useApp();
  const it = useAdminIdentityT();
  const id = useId();
  const [view, setView] = useState<HelseIdAdminView | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (): Promise<void> => {
    const loaded = await api.get('/api/admin/helseid', (v) => HelseIdAdminView.parse(v));
    setView(loaded);
    onLoaded(loaded);
  };
  useEffect(() => {
    load().catch(setError);
  }, [api]);

  return (
    <section aria-labelledby={`${id}-heading`} class="card" id="helseid">
      <h2 id={`${id}-heading`}>{it('helseid.title')}</h2>
      <ErrorMessage error={error} />
      {view !== null && (
        <>
          <p class={view.isConfigured ? undefined : 'notice'}>
            {it(view.isConfigured ? 'helseid.configured' : 'helseid.notConfigured')}
          </p>
          {view.issuer !== null && (
            <dl class="helseid-config">
              <dt>{it('helseid.issuer')}</dt>
              <dd class="mono">{view.issuer}</dd>
              <dt>{it('helseid.clientId')}</dt>
              <dd class="mono">{view.clientId}</dd>
            </dl>
          )}
          <ProvisioningForm
            key={`${String(view.provisioning.isEnabled)}-${view.provisioning.role}`}
            provisioning={view.provisioning}
          />
          <RegisterMemberForm
            onRegistered={() => {
              onMemberRegistered();
              load().catch(setError);
            }}
          />
          <MemberTable members={view.members} users={users} />
        </>
      )}
    </section>
  );
}

function ProvisioningForm({ provisioning }: { provisioning: HelseIdProvisioning }) {
  const { api, i18n } = useApp();
  const it = useAdminIdentityT();
  const id = useId();
  const [isEnabled, setIsEnabled] = useState(provisioning.isEnabled);
  const [role, setRole] = useState<UserRole>(provisioning.role);
  const [saved, setSaved] = useState(provisioning);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    setStatus('');
    try {
      const answer = await api.put('/api/admin/helseid/provisioning', { isEnabled, role }, (v) =>
        HelseIdProvisioning.parse(v),
      );
      setSaved(answer);
      setStatus(
        answer.isEnabled
          ? it('helseid.provisioningOn', { role: i18n.t(`userRole.${answer.role}`) })
          : it('helseid.provisioningOff'),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="form helseid-part" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${id}-heading`}>{it('helseid.provisioningHeading')}</h3>
      <p class="hint">
        {saved.isEnabled
          ? it('helseid.provisioningOn', { role: i18n.t(`userRole.${saved.role}`) })
          : it('helseid.provisioningOff')}
      </p>
      <label class="checkbox">
        <input type="checkbox" checked={isEnabled} onChange={(e) => setIsEnabled(e.currentTarget.checked)} />
        {it('helseid.provisioningEnable')}
      </label>
      <fieldset disabled={!isEnabled}>
        <legend>{it('helseid.provisioningRole')}</legend>
        {ROLES.map((r) => (
          <label key={r} class="radio">
            <input type="radio" name={`${id}-role`} checked={role === r} onChange={() => setRole(r)} />
            {i18n.t(`userRole.${r}`)}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="button">
          {it('helseid.provisioningSave')}
        </button>
      </div>
      <p class="status" role="status">
        {status}
      </p>
    </form>
  );
}

function RegisterMemberForm({ onRegistered }: { onRegistered: () => void }) {
  const { api, i18n } = useApp();
  const it = useAdminIdentityT();
  const id = useId();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [hprNumber, setHprNumber] = useState('');
  const [role, setRole] = useState<UserRole>('clinician');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    setStatus('');
    try {
      await api.post('/api/admin/helseid/members', { displayName, email, hprNumber, role }, (v) =>
        HelseIdMemberView.parse(v),
      );
      setStatus(it('helseid.registered', { name: displayName.trim() }));
      setDisplayName('');
      setEmail('');
      setHprNumber('');
      onRegistered();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="form helseid-part" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${id}-heading`}>{it('helseid.registerHeading')}</h3>
      <p class="hint">{it('helseid.registerIntro')}</p>
      <Field label={it('helseid.name')} required maxLength={80} value={displayName} onValue={setDisplayName} />
      <Field label={it('helseid.email')} type="email" required value={email} onValue={setEmail} />
      <Field
        label={it('helseid.hprNumber')}
        hint={it('helseid.hprHint')}
        required
        maxLength={9}
        value={hprNumber}
        onValue={setHprNumber}
      />
      <fieldset>
        <legend>{it('helseid.role')}</legend>
        {ROLES.map((r) => (
          <label key={r} class="radio">
            <input type="radio" name={`${id}-role`} checked={role === r} onChange={() => setRole(r)} />
            {i18n.t(`userRole.${r}`)}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="button primary">
          {it('helseid.register')}
        </button>
      </div>
      <p class="status" role="status">
        {status}
      </p>
    </form>
  );
}

function MemberTable({ members, users }: { members: readonly HelseIdMemberView[]; users: readonly UserView[] }) {
  const it = useAdminIdentityT();
  const id = useId();
  return (
    <>
      <h3 id={`${id}-heading`} class="helseid-part">
        {it('helseid.membersHeading')}
      </h3>
      {members.length === 0 ? (
        <p>{it('helseid.none')}</p>
      ) : (
        <div class="table-scroll">
          <table aria-labelledby={`${id}-heading`}>
            <thead>
              <tr>
                <th scope="col">{it('helseid.name')}</th>
                <th scope="col">{it('helseid.state')}</th>
                <th scope="col">{it('helseid.hprNumber')}</th>
                <th scope="col">{it('helseid.email')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const user = users.find((u) => u.id === m.userId);
                return (
                  <tr key={m.userId}>
                    <td>{user?.displayName ?? ''}</td>
                    <td>
                      <span class={m.isLinked ? 'badge badge-active' : 'badge'}>
                        {it(m.isLinked ? 'helseid.linked' : 'helseid.pending')}
                      </span>
                    </td>
                    <td>{m.hprNumber ?? ''}</td>
                    <td>{user?.email ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
