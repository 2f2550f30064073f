/** One handler per client message type; every refusal is an AppError with a catalogue code. */
import { PROTOCOL_VERSION, type ClientMessage, type ClientMessageOf } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { RoomCommand } from '../rooms/types.ts';
import type { ConnectionPort, GatewayContext, Membership } from './context.ts';
import { joinAsHost, joinWithInvitation, resume, signedInSession } from '../application/join.ts';
import { joinAsMember } from '../application/join-member.ts';
import { recordConsent } from '../application/record-consent.ts';
import { endConsultation } from '../application/end-consultation.ts';

/** Messages of calls through the SFU (meetings); a peer-to-peer consultation refuses them. */
type SfuMessage = Extract<
  ClientMessage,
  { type: 'sfuPublish' | 'sfuSubscribe' | 'sfuSubscriberAnswer' | 'sfuTrickle' | 'sfuRequestKeyframe' }
>;
type RoomMessage = Exclude<
  ClientMessage,
  { type: 'join' | 'resume' | 'watchDashboard' | 'ping' | 'recordConsent' | 'end' } | SfuMessage
>;

function isSfuMessage(msg: ClientMessage): msg is SfuMessage {
  return (
    msg.type === 'sfuPublish' ||
    msg.type === 'sfuSubscribe' ||
    msg.type === 'sfuSubscriberAnswer' ||
    msg.type === 'sfuTrickle' ||
    msg.type === 'sfuRequestKeyframe'
  );
}

function toRoomCommand(msg: RoomMessage, self: string, at: Date): RoomCommand {
  switch (msg.type) {
    case 'leave':
      return { type: 'leave', participantId: self, at };
    case 'signal':
      return { type: 'signal', from: self, to: msg.to, data: msg.data };
    case 'mediaState':
      return { type: 'mediaState', participantId: self, isAudioOn: msg.isAudioOn, isVideoOn: msg.isVideoOn };
    case 'admit':
      return { type: 'admit', actorId: self, participantId: msg.participantId, at };
    case 'decline':
      return msg.reason === undefined
        ? { type: 'decline', actorId: self, participantId: msg.participantId, at }
        : { type: 'decline', actorId: self, participantId: msg.participantId, reason: msg.reason, at };
    case 'messageWaiting':
      return { type: 'messageWaiting', actorId: self, participantId: msg.participantId, text: msg.text, at };
    case 'returnToWaiting':
      return { type: 'returnToWaiting', actorId: self, participantId: msg.participantId, at };
    case 'remove':
      return { type: 'remove', actorId: self, participantId: msg.participantId, at };
    case 'recordIdShownInVideo':
      return { type: 'recordIdShownInVideo', actorId: self, participantId: msg.participantId, at };
    case 'lock':
      return { type: 'lock', actorId: self, isLocked: msg.isLocked, at };
  }
}

async function applyToRoom(ctx: GatewayContext, m: Membership, msg: RoomMessage): Promise<void> {
  // `via`: the room refuses a connection that another device took over.
  const result = await ctx.registry.execute(m.consultationId, toRoomCommand(msg, m.participantId, ctx.now()), {
    via: m,
  });
  if (!result.ok) throw new AppError(result.code);
}

/**
 * A clinician answers someone in the waiting room from the dashboard without entering the call:
 * only `decline` and `messageWaiting`, only for the consultation's owner.
 */
async function actFromDashboard(
  ctx: GatewayContext,
  userId: string,
  msg: ClientMessageOf<'decline' | 'messageWaiting'>,
): Promise<void> {
  const participant = await ctx.storage.participants.get(msg.participantId);
  if (participant === undefined) throw new AppError('PARTICIPANT_NOT_FOUND');
  const consultation = await ctx.storage.consultations.get(participant.consultationId);
  if (consultation === undefined || consultation.ownerUserId !== userId) throw new AppError('NOT_HOST');
  const at = ctx.now();
  const command: RoomCommand =
    msg.type === 'messageWaiting'
      ? {
          type: 'messageWaitingFromDashboard',
          ownerUserId: userId,
          participantId: msg.participantId,
          text: msg.text,
          at,
        }
      : msg.reason === undefined
        ? { type: 'declineFromDashboard', ownerUserId: userId, participantId: msg.participantId, at }
        : {
            type: 'declineFromDashboard',
            ownerUserId: userId,
            participantId: msg.participantId,
            reason: msg.reason,
            at,
          };
  const result = await ctx.registry.execute(consultation.id, command);
  if (!result.ok) throw new AppError(result.code);
}

/** Handles one valid client message on `conn`. */
export async function dispatch(conn: ConnectionPort, ctx: GatewayContext, msg: ClientMessage): Promise<void> {
  switch (msg.type) {
    case 'ping':
      conn.send(msg.id === undefined ? { type: 'pong' } : { type: 'pong', id: msg.id });
      return;
    case 'join':
      if (msg.as.kind === 'host') return joinAsHost(conn, ctx, msg, msg.as.consultationId);
      if (msg.as.kind === 'invitation') return joinWithInvitation(conn, ctx, msg, msg.as);
      // Members enter meetings (through the SFU); consultations have only a host and invited people.
      return joinAsMember(conn, ctx, msg, msg.as.consultationId);
    case 'resume':
      return resume(conn, ctx, msg);
    case 'watchDashboard': {
      if (msg.protocolVersion !== PROTOCOL_VERSION) throw new AppError('PROTOCOL_VERSION_UNSUPPORTED');
      const auth = await signedInSession(conn, ctx, ctx.now());
      return conn.watchDashboard(auth.user.id);
    }
    default: {
      // Meetings pass these to Janus; a consultation (mesh) refuses them with INVALID_STATE.
      if (isSfuMessage(msg)) {
        const m = conn.membership;
        return ctx.sfu.handle(m === null ? null : { ...m, meetingId: m.consultationId }, msg);
      }
      if (conn.membership === null) {
        if (conn.dashboardUserId !== null && (msg.type === 'decline' || msg.type === 'messageWaiting')) {
          return actFromDashboard(ctx, conn.dashboardUserId, msg);
        }
        throw new AppError('NOT_JOINED');
      }
      // Issue 9: consent records, and the end, which the consultation's checklist may hold back.
      if (msg.type === 'recordConsent') return recordConsent(ctx, conn.membership, msg);
      if (msg.type === 'end') return endConsultation(ctx, conn.membership);
      return applyToRoom(ctx, conn.membership, msg);
    }
  }
}
