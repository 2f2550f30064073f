import type { ErrorCode, ServerMessageOf } from '@samtale/protocol';

/** Errors after which a session cannot continue (PROTOCOL.md); a fresh start is needed. */
const FATAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'RESUME_INVALID',
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'CONSULTATION_ENDED',
  'PROTOCOL_VERSION_UNSUPPORTED',
]);

export interface ErrorContext {
  /** This session object was welcomed at least once (a stored token from an earlier page was not). */
  hasBeenWelcomed: boolean;
  /** The id of the join/resume in flight, if any. */
  entryRequestId: string | null;
  /** The call can retry a refused SFU step by itself. */
  canRetrySfu: boolean;
}

/**
 * What a session does with an `error` from the server:
 * - `rejoin`: a resume token left by an earlier page was refused: join afresh instead;
 * - `fail`: the session cannot go on (fatal code, or our join/resume itself was refused);
 * - `retrySfu`: a refused SFU step (Janus busy or restarting): the call retries, nothing to show;
 * - `report`: anything else is shown to the person and the session goes on.
 */
export function errorOutcome(
  message: ServerMessageOf<'error'>,
  context: ErrorContext,
): 'rejoin' | 'fail' | 'retrySfu' | 'report' {
  if (message.code === 'RESUME_INVALID' && !context.hasBeenWelcomed) return 'rejoin';
  const isEntryRefused = message.ref !== undefined && message.ref === context.entryRequestId;
  if (message.isFatal === true || FATAL_CODES.has(message.code) || isEntryRefused) return 'fail';
  if (message.ref?.startsWith('sfu-') === true && context.canRetrySfu) return 'retrySfu';
  return 'report';
}
