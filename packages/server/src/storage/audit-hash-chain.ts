/**
 * The audit trail's hash chain: each event's hash is SHA-256 over the previous event's hash and
 * the event's canonical JSON, so changing, removing or reordering any stored event breaks every
 * hash after it. Pure functions, shared by the appender and the verifier. A coalesced row's hash
 * covers its count and last time too; it changes while the row is the newest and unsealed
 * (repositories/audit.ts), and never after.
 */
import { createHash } from 'node:crypto';
import type { AuditAction } from '@samtale/protocol';

/** The previous hash of the very first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers. */
export interface ChainedEvent {
  id: number;
  at: Date;
  action: AuditAction;
  actorUserId: string | null;
  actorParticipantId: string | null;
  consultationId: string | null;
  subjectParticipantId: string | null;
  details: Record<string, string | number | boolean>;
  /** Coalesced repeats (absent or 1: a single event). */
  count?: number;
  lastAt?: Date | null;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the previous hash followed by the event's canonical JSON. */
export function eventHash(prevHash: string, event: ChainedEvent): string {
  const body = canonicalJson({
    id: event.id,
    at: event.at.toISOString(),
    action: event.action,
    actorUserId: event.actorUserId,
    actorParticipantId: event.actorParticipantId,
    consultationId: event.consultationId,
    subjectParticipantId: event.subjectParticipantId,
    details: event.details,
    // Only coalesced rows hash their count, so every single event hashes as it did before counts.
    ...(event.count !== undefined && event.count > 1
      ? { count: event.count, lastAt: event.lastAt?.toISOString() ?? null }
      : {}),
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
