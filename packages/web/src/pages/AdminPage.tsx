import { useEffect, useState } from 'preact/hooks';
import { UserList, UserView, type UserRole } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { UserMenu } from '../components/UserMenu.tsx';
import { AuditTrail } from '../components/AuditTrail.tsx';
import { usePasskeyT } from '../i18n/passkeys/index.ts';
import { ResetCredentialsForm } from '../passkeys/ResetCredentials.tsx';
import { ComplianceOverview } from '../components/admin/ComplianceOverview.tsx';
import { RetentionSettingsForm } from '../components/admin/RetentionSettingsForm.tsx';
import type { ComponentType } from 'preact';
import { JournalSettingsSection } from './admin/JournalSettingsSection.tsx';
import { HelseIdSection } from './admin/HelseIdSection.tsx';
import { IdentificationPolicySection } from './admin/IdentificationPolicySection.tsx';

/** A part of the admin page in its own chunk (issue 9: texts, checklist, messages to patients). */
function LazySection({ load }: { load: () => Promise<{ default: ComponentType }> }) {
  const [Section, setSection] = useState<ComponentType | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void load().then((m) => {
      if (isCurrent) setSection(() => m.default);
    });
    return () => {
      isCurrent = false;
    };
  }, [load]);
  return Section === null ? <Loading /> : <Section />;
}

const loadDocumentEditors = () => import('./admin/DocumentEditors.tsx');
const loadMessageTexts = () => import('./admin/MessageTextsSection.tsx');

/**
 * `/admin`: add users, HelseID and the identification requirements, the compliance overview
 * ("Samsvar"), retention periods, the organisation's texts and messages, and the audit trail
 * (administrators only).
 */
export default function AdminPage() {
  const { api, auth, i18n } = useApp();
  const t = i18n.t;
  const pt = usePasskeyT();
  const session = auth.session.value;
  const [users, setUsers] = useState<UserView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [resetStatus, setResetStatus] = useState('');
  const [complianceKey, setComplianceKey] = useState(0);
  const [isHelseIdConfigured, setIsHelseIdConfigured] = useState<boolean | null>(null);

  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  const refresh = async (): Promise<void> => {
    const userList = await api.get('/api/users', (v) => UserList.parse(v));
    setUsers(userList.users);
  };
  useEffect(() => {
    if (session?.user.role === 'admin') refresh().catch(setError);
  }, [session]);

  if (session === undefined) return error ? <ErrorMessage error={error} /> : <Loading />;
  if (session === null || session.user.role !== 'admin') {
    return (
      <Page title={t('admin.title')}>
        <p class="error">{t('error.FORBIDDEN')}</p>
        <a href="/">{t('notFound.home')}</a>
      </Page>
    );
  }
  return (
    <Page title={t('admin.title')} headerExtra={<UserMenu session={session} />} isWide>
      <ErrorMessage error={error} />
      <AddUserForm onAdded={(user) => setUsers([...users, user])} />
      <section aria-labelledby="users-heading" class="card">
        <h2 id="users-heading">{t('admin.users')}</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{pt('admin.passkeys')}</th>
                <th scope="col">
                  <span class="visually-hidden">{pt('admin.reset')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>{user.displayName}</td>
                  <td>{user.email}</td>
                  <td>{t(`userRole.${user.role}`)}</td>
                  <td>
                    {user.passkeyCount}
                    {user.requiresPasskey ? ` (${pt('admin.requiresPasskey')})` : ''}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button small"
                      aria-label={pt('admin.resetNamed', { name: user.displayName })}
                      onClick={() => (setResetting(user), setResetStatus(''))}
                    >
                      {pt('admin.reset')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {resetting && (
          <ResetCredentialsForm
            key={resetting.id}
            user={resetting}
            onCancel={() => setResetting(null)}
            onReset={(updated, removed) => {
              setUsers((all) => all.map((u) => (u.id === updated.id ? updated : u)));
              setResetting(null);
              setResetStatus(pt('admin.resetDone', { name: updated.displayName, count: removed }));
            }}
          />
        )}
        <p class="status" role="status">
          {resetStatus}
        </p>
      </section>
      <HelseIdSection
        users={users}
        onLoaded={(view) => setIsHelseIdConfigured(view.isConfigured)}
        onMemberRegistered={() => {
          refresh().catch(setError);
          setComplianceKey((k) => k + 1);
        }}
      />
      <IdentificationPolicySection isHelseIdConfigured={isHelseIdConfigured} />
      <ComplianceOverview refreshKey={complianceKey} />
      <RetentionSettingsForm onSaved={() => setComplianceKey(complianceKey + 1)} />
      <LazySection load={loadDocumentEditors} />
      <LazySection load={loadMessageTexts} />
      <JournalSettingsSection />
      <AuditTrail />
    </Page>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: UserView) => void }) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('clinician');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const user = await api.post('/api/users', { displayName, email, password, role }, (v) => UserView.parse(v));
      onAdded(user);
      setStatus(t('admin.userAdded', { name: user.displayName }));
      setDisplayName('');
      setEmail('');
      setPassword('');
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="add-user-heading" class="card">
      <h2 id="add-user-heading">{t('admin.addUser')}</h2>
      <form class="form" onSubmit={(event) => void submit(event)}>
        <Field label={t('admin.name')} required maxLength={80} value={displayName} onValue={setDisplayName} />
        <Field label={t('login.email')} type="email" required value={email} onValue={setEmail} />
        <Field
          label={t('login.password')}
          hint={t('setup.passwordHint')}
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          value={password}
          onValue={setPassword}
        />
        <fieldset>
          <legend>{t('admin.role')}</legend>
          {(['clinician', 'admin'] as const).map((r) => (
            <label key={r} class="radio">
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
              {t(`userRole.${r}`)}
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={error} />
        <button type="submit" class="button primary">
          {t('admin.addUserSubmit')}
        </button>
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}
