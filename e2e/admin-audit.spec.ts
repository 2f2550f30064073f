/**
 * The audit trail on /admin (issue 7, "Audit flood"): a link used over and over shows as one row
 * with its count, older events stay reachable page by page, and the filters narrow the list —
 * on a desktop and on a 390 px phone.
 */
import { PROTOCOL_VERSION } from '@samtale/protocol';
import WebSocket from 'ws';
import { expect, test } from './fixtures/test.ts';

/** Joins with the link over the signaling socket and leaves again: what a reconnecting client does. */
async function joinAndClose(baseUrl: string, invitationToken: string): Promise<void> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { origin: baseUrl });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const welcomed = new Promise<void>((resolve) =>
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'welcome') resolve();
    }),
  );
  socket.send(
    JSON.stringify({
      type: 'join',
      id: 'join-link',
      protocolVersion: PROTOCOL_VERSION,
      as: { kind: 'invitation', invitationToken, displayName: 'Kari Pasient', hasConsented: true },
    }),
  );
  await welcomed;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.close();
  await closed;
}

test('an admin sees a flood from one link as one counted row, pages to older events and filters the trail', async ({
  app,
  newParticipant,
}) => {
  test.setTimeout(120_000);
  const { consultation, invitation } = await app.clinician.api.createConsultation('Flom');
  const token = invitation.url?.split('/j/')[1] ?? '';
  for (let i = 0; i < 20; i += 1) await joinAndClose(app.server.url, token);
  // More than a page (100) of real events before the flood's row.
  for (let i = 0; i < 101; i += 1) await app.clinician.api.createInvitation(consultation.id, { role: 'relative' });

  const admin = await newParticipant('admin');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const trail = admin.page.getByRole('region', { name: 'Logg over hendelser' });
  await expect(trail.getByRole('status')).toHaveText('100 hendelser vises.');
  await trail.getByRole('button', { name: 'Vis eldre hendelser' }).click();
  await expect(trail.getByRole('status')).toHaveText(/^1\d\d hendelser vises\.$/);
  await expect(trail.getByRole('button', { name: 'Vis eldre hendelser' })).toHaveCount(0);
  // The first use comes with the consent; the 19 returns are one row.
  await expect(trail.getByRole('cell', { name: /^Lenke brukt \(19 ganger, siste / })).toBeVisible();

  const filters = trail.getByRole('form', { name: 'Filtrer hendelser' });
  await filters.getByLabel('Hendelse').selectOption({ label: 'Lenke brukt' });
  await filters.getByLabel('Konsultasjons-ID').fill(consultation.id);
  await filters.getByRole('button', { name: 'Vis', exact: true }).click();
  await expect(trail.getByRole('status')).toHaveText('2 hendelser vises.');
  await admin.screenshot('admin-audit-filtered');

  await filters.getByLabel('Fra').fill('2000-01-01T00:00');
  await filters.getByLabel('Til').fill('2000-01-02T00:00');
  await filters.getByRole('button', { name: 'Vis', exact: true }).click();
  await expect(trail.getByRole('status')).toHaveText('Ingen hendelser.');

  await filters.getByLabel('Utført av (bruker- eller deltaker-ID)').fill('ikke-en-id');
  await filters.getByRole('button', { name: 'Vis', exact: true }).click();
  await expect(trail.getByRole('alert')).toBeVisible();

  await filters.getByRole('button', { name: 'Nullstill' }).click();
  await expect(trail.getByRole('status')).toHaveText('100 hendelser vises.');
  await expect(filters.getByLabel('Konsultasjons-ID')).toHaveValue('');
  await admin.screenshot('admin-audit');
});
