/**
 * Opens durable storage: embedded PGlite in `<dataDir>/pglite` by default, PostgreSQL when a
 * connection string is given. Both speak the same SQL, so one set of repositories serves both.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Dialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { AuditLog } from './repositories/audit.ts';
import { migrationProvider } from './migrations.ts';
import { PgliteDialect } from './PgliteDialect.ts';
import { openPglite, openPgliteInMemory } from './pglite-open.ts';
import type { Database } from './schema.ts';
import type { Storage } from './types.ts';
import { appointmentRepository } from './repositories/appointments.ts';
import { consultationRepository } from './repositories/consultations.ts';
import { invitationRepository } from './repositories/invitations.ts';
import { journalSettingsRepository } from './repositories/journal-settings.ts';
import { jobRepository } from './repositories/jobs.ts';
import { messageTemplateRepository, reminderSettingsRepository } from './repositories/message-templates.ts';
import { organisationRepository } from './repositories/organisations.ts';
import { passkeyChallengeRepository, passkeyRepository } from './repositories/passkeys.ts';
import { participantRepository } from './repositories/participants.ts';
import { roomChangesRepository } from './repositories/room-changes.ts';
import { sessionRepository } from './repositories/sessions.ts';
import { settingsRepository } from './repositories/settings.ts';
import { retentionRepository } from './repositories/retention.ts';
import {
  helseIdMemberRepository,
  idportenIdentificationRepository,
  oidcPendingLoginRepository,
} from './repositories/oidc.ts';
import { userRepository } from './repositories/users.ts';
import { checklistStateRepository, consentRepository, documentRepository } from './repositories/consent.ts';

/** Where the data lives: a PostgreSQL server, a PGlite folder, or (tests) PGlite in memory. */
export type StorageLocation =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' };

/** The storage port plus what only the platform needs (the audit head for tests and the CLI). */
export interface KyselyStorage extends Storage {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
}

/** The folder PGlite keeps its files in, inside DATA_DIR. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** The storage location a Config selects. */
export function storageLocation(config: Pick<Config, 'databaseUrl' | 'dataDir'>): StorageLocation {
  return config.databaseUrl !== null
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

async function openDialect(location: StorageLocation): Promise<Dialect> {
  switch (location.kind) {
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: location.url, max: 10 });
      // An idle connection the server closes (restart, failover, an administrator) emits 'error' on
      // the pool; unheard, that would crash the process. The pool drops the connection and opens a
      // new one on the next query, and a query that fails meanwhile reports its own error.
      pool.on('error', (error) => {
        process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, { code: 'SAMTALE_PG_IDLE' });
      });
      return new PostgresDialect({ pool });
    }
    case 'pglite': {
      const dir = pgliteDir(location.dataDir);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return new PgliteDialect(await openPglite(dir));
    }
    case 'pglite-memory':
      return new PgliteDialect(await openPgliteInMemory());
  }
}

/** Opens storage at `location` (does not migrate; call `migrate()`). */
export async function openStorage(location: StorageLocation): Promise<KyselyStorage> {
  const db = new Kysely<Database>({
    dialect: await openDialect(location),
    // Nested objects (the audit details) keep their keys as stored.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
  let isClosed = false;
  const audit = new AuditLog(db);
  return {
    db,
    organisations: organisationRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    passkeys: passkeyRepository(db),
    passkeyChallenges: passkeyChallengeRepository(db),
    consultations: consultationRepository(db),
    invitations: invitationRepository(db),
    participants: participantRepository(db),
    appointments: appointmentRepository(db),
    journalSettings: journalSettingsRepository(db),
    jobs: jobRepository(db),
    messageTemplates: messageTemplateRepository(db),
    reminderSettings: reminderSettingsRepository(db),
    audit,
    rooms: roomChangesRepository(db, audit),
    oidcLogins: oidcPendingLoginRepository(db),
    helseIdMembers: helseIdMemberRepository(db),
    idportenIdentifications: idportenIdentificationRepository(db),
    settings: settingsRepository(db),
    retention: retentionRepository(db, audit),
    documents: documentRepository(db),
    consents: consentRepository(db),
    checklists: checklistStateRepository(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async migrate() {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const { error, results } = await migrator.migrateToLatest();
      if (error !== undefined) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`Database migration ${failed} failed`, { cause: error });
      }
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await db.destroy();
    },
  };
}

/** Opens the storage the configuration selects (PGlite in DATA_DIR unless DATABASE_URL is set). */
export function createStorage(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<KyselyStorage> {
  return openStorage(storageLocation(config));
}
