/**
 * The live compliance overview (issue 8, docs/COMPLIANCE.md): what this installation has
 * configured and what is missing, derived from the configuration and storage each time it is
 * asked. Details are non-secret facts only (a host name, a time, an event id), never a secret.
 */
import type { ComplianceCheck, ComplianceReport } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/types.ts';

/** A purge should run at least this often (its interval is at most a day). */
const PURGE_STALE_MS = 2 * 86_400_000;

/**
 * How many of the organisation's members can meet a clinical meeting's floor (HelseID linked
 * or a passkey, issue 8), as "n/total".
 */
async function strongLoginCheck(storage: Storage, organisationId: string): Promise<ComplianceCheck> {
  const [users, helseIdMembers] = await Promise.all([
    storage.users.listByOrganisation(organisationId),
    storage.helseIdMembers.listByOrganisation(organisationId),
  ]);
  const linked = new Set(helseIdMembers.filter((m) => m.pidPseudonymHmac !== null).map((m) => m.userId));
  const passkeyCounts = await Promise.all(users.map((u) => storage.passkeys.countByUser(u.id)));
  const strong = users.filter((u, i) => linked.has(u.id) || (passkeyCounts[i] ?? 0) > 0).length;
  const detail = `${strong}/${users.length}`;
  if (strong === 0) return { id: 'memberStrongLogin', state: 'missing', detail };
  return { id: 'memberStrongLogin', state: strong === users.length ? 'ok' : 'partial', detail };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export async function complianceReport(
  config: Config,
  storage: Storage,
  organisationId: string,
  now: Date,
): Promise<ComplianceReport> {
  const checks: ComplianceCheck[] = [];
  checks.push({
    id: 'httpsPublicUrl',
    state: config.publicUrl.startsWith('https://') ? 'ok' : 'missing',
    detail: hostOf(config.publicUrl),
  });
  checks.push(
    config.turn === null
      ? { id: 'turnConfigured', state: 'missing' }
      : {
          id: 'turnConfigured',
          // Helsenettet blocks UDP: TURN over TLS (turns:) or TCP is what gets through.
          state: config.turn.urls.some((u) => u.startsWith('turns:') || u.includes('transport=tcp')) ? 'ok' : 'partial',
          detail: config.turn.urls.map((u) => u.split('?')[0]).join(', '),
        },
  );
  checks.push(
    config.mail.smtpUrl === null
      ? { id: 'smtpConfigured', state: 'missing' }
      : { id: 'smtpConfigured', state: 'ok', detail: hostOf(config.mail.smtpUrl) },
  );
  const issuer = config.helseId?.issuer ?? null;
  checks.push(
    issuer === null
      ? { id: 'helseIdConfigured', state: 'missing' }
      : { id: 'helseIdConfigured', state: 'ok', detail: hostOf(issuer) || issuer },
  );
  const idPorten = config.idporten?.issuer ?? null;
  checks.push(
    idPorten === null
      ? { id: 'idPortenConfigured', state: 'missing' }
      : { id: 'idPortenConfigured', state: 'ok', detail: hostOf(idPorten) || idPorten },
  );
  checks.push(await strongLoginCheck(storage, organisationId));
  const settings = await storage.retention.settingsOf(organisationId);
  checks.push({ id: 'retentionSettings', state: settings === undefined ? 'partial' : 'ok' });
  const last = await storage.retention.lastPurge();
  checks.push(
    last === null
      ? { id: 'lastPurge', state: 'missing' }
      : {
          id: 'lastPurge',
          state: now.getTime() - new Date(last.at).getTime() <= PURGE_STALE_MS ? 'ok' : 'partial',
          detail: last.at,
        },
  );
  const brokenAt = await storage.audit.verify();
  checks.push(
    brokenAt === null
      ? { id: 'auditChain', state: 'ok' }
      : { id: 'auditChain', state: 'missing', detail: String(brokenAt) },
  );
  checks.push({ id: 'ipLogging', state: config.logClientIp ? 'partial' : 'ok' });
  return { checks, checkedAt: now.toISOString() };
}
