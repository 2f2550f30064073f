/**
 * The administration commands shared by the CLI (opening the database itself) and the running
 * server's admin socket (when the embedded database is held by the server).
 */
import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import {
  AuditAction,
  AuditCursor,
  CreateUserBody,
  ERROR_CATALOGUE,
  Id,
  Timestamp,
  type ErrorCode,
  type PurgeCounts,
  type RetentionSettings,
  type UserRole,
} from '@samtale/protocol';
import { appErrorFrom } from '../errors.ts';
import { auditFilterOf } from '../storage/repositories/audit.ts';
import type { AuditEventRow, Storage } from '../storage/types.ts';

/** The organisation a CLI-created user joins when none exists yet. */
export const DEFAULT_ORGANISATION_NAME = 'Samtale';

export const AdminRequest = z.discriminatedUnion('command', [
  z.object({ command: z.literal('migrate') }),
  z.object({
    command: z.literal('user-add'),
    email: z.string(),
    displayName: z.string(),
    role: z.string(),
    password: z.string(),
  }),
  z.object({
    command: z.literal('audit-list'),
    // The filters and cursor of GET /api/audit (AuditQuery), with longer pages for a terminal.
    consultationId: z.optional(Id),
    actor: z.optional(Id),
    action: z.optional(AuditAction),
    from: z.optional(Timestamp),
    to: z.optional(Timestamp),
    cursor: z.optional(AuditCursor),
    limit: z.number().int().min(1).max(100_000).optional(),
  }),
  z.object({ command: z.literal('audit-verify') }),
  z.object({ command: z.literal('purge'), isDryRun: z.boolean() }),
]);
export type AdminRequest = z.infer<typeof AdminRequest>;

/** An audit event in CLI output (details included: they hold ids and roles, never names). */
export interface AuditEventOutput {
  id: number;
  at: string;
  action: string;
  actorUserId: string | null;
  actorParticipantId: string | null;
  consultationId: string | null;
  subjectParticipantId: string | null;
  details: Record<string, string | number | boolean>;
  /** Identical repeats the row stands for; `lastAt` is the last of them. */
  count: number;
  lastAt: string | null;
  hash: string;
}

export type AdminResult =
  | { command: 'migrate' }
  | { command: 'user-add'; user: { id: string; email: string; role: UserRole; organisationName: string } }
  | { command: 'audit-list'; events: AuditEventOutput[]; nextCursor: string | null }
  | { command: 'audit-verify'; brokenAtEventId: number | null }
  | { command: 'purge'; isDryRun: boolean; counts: PurgeCounts };

/** What commands need from the configuration of whoever runs them (the CLI or the server). */
export interface AdminOptions {
  /** The retention periods of organisations without their own (retention/defaults.ts). */
  retentionDefaults: RetentionSettings;
  /** Days finished jobs are kept (JOB_RETENTION_DAYS). */
  jobRetentionDays: number;
}

export type AdminResponse =
  { ok: true; result: AdminResult } | { ok: false; error: { code: ErrorCode; message: string } };

function auditOutput(e: AuditEventRow): AuditEventOutput {
  const { prevHash: _prevHash, at, lastAt, ...rest } = e;
  return { ...rest, at: at.toISOString(), lastAt: lastAt?.toISOString() ?? null };
}

async function run(storage: Storage, request: AdminRequest, options: AdminOptions): Promise<AdminResult> {
  switch (request.command) {
    case 'migrate':
      await storage.migrate();
      return { command: 'migrate' };
    case 'user-add': {
      const body = CreateUserBody.safeParse({
        email: request.email,
        displayName: request.displayName,
        role: request.role,
        password: request.password,
      });
      if (!body.success) {
        const fields = [...new Set(body.error.issues.map((i) => i.path.join('.')))].join(', ');
        throw new AdminCommandError('VALIDATION_FAILED', `Invalid ${fields}.`);
      }
      const organisation =
        (await storage.organisations.first()) ?? (await storage.organisations.create(DEFAULT_ORGANISATION_NAME));
      const user = await storage.users.create({
        organisationId: organisation.id,
        email: body.data.email,
        displayName: body.data.displayName,
        role: body.data.role,
        passwordHash: await hash(body.data.password),
      });
      await storage.audit.append({ action: 'user_created', details: { userId: user.id, role: user.role, via: 'cli' } });
      return {
        command: 'user-add',
        user: { id: user.id, email: user.email, role: user.role, organisationName: organisation.name },
      };
    }
    case 'audit-list': {
      const { command: _command, limit, ...query } = request;
      const page = await storage.audit.page({ ...auditFilterOf(query), limit: limit ?? 1000 });
      return { command: 'audit-list', events: page.events.map(auditOutput), nextCursor: page.nextCursor };
    }
    case 'audit-verify':
      return { command: 'audit-verify', brokenAtEventId: await storage.audit.verify() };
    case 'purge': {
      const counts = await storage.retention.purge({
        at: new Date(),
        defaults: options.retentionDefaults,
        jobRetentionDays: options.jobRetentionDays,
        isDryRun: request.isDryRun,
      });
      return { command: 'purge', isDryRun: request.isDryRun, counts };
    }
  }
}

/** A command failure with a catalogue code and a message for the operator. */
export class AdminCommandError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AdminCommandError';
    this.code = code;
  }
}

/** Runs one admin command; failures become `{ ok: false, error }` (bugs are rethrown). */
export async function runAdminCommand(
  storage: Storage,
  request: AdminRequest,
  options: AdminOptions,
): Promise<AdminResponse> {
  try {
    return { ok: true, result: await run(storage, request, options) };
  } catch (err) {
    if (err instanceof AdminCommandError) return { ok: false, error: { code: err.code, message: err.message } };
    const known = appErrorFrom(err);
    if (known !== null) return { ok: false, error: { code: known.code, message: ERROR_CATALOGUE[known.code].message } };
    throw err;
  }
}
