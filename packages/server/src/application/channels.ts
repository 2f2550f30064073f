/**
 * What the signaling gateway publishes on the Bus. Every delivery to a socket comes from a
 * subscription, so that a node holding a participant's socket delivers whatever node changed
 * the room. Messages are plain JSON (a Redis bus serialises them) and are validated on receipt.
 */
import { z } from 'zod';
import { ServerMessage } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';

/** Channel of one consultation's room: deliveries, closes and take-overs of its participants. */
export function roomChannel(consultationId: string): string {
  return `room:${consultationId}`;
}

/** Channel a clinician's dashboards listen on. */
export function dashboardChannel(ownerUserId: string): string {
  return `dashboard:${ownerUserId}`;
}

/** Channel of one login session (keyed by its token's hash): its sockets close when it ends. */
export function sessionChannel(tokenHash: string): string {
  return `session:${tokenHash}`;
}

export const SessionBusMessage = z.object({ kind: z.literal('sessionEnded') });

/** Tells every node that a login session ended (logout, revocation): its sockets close. */
export function publishSessionEnded(bus: Bus, tokenHash: string): Promise<void> {
  return bus.publish(sessionChannel(tokenHash), { kind: 'sessionEnded' } satisfies z.infer<typeof SessionBusMessage>);
}

export const RoomBusMessage = z.discriminatedUnion('kind', [
  /** Send `message` to the connection of participant `to`. */
  z.object({ kind: z.literal('deliver'), to: z.string(), message: ServerMessage }),
  /** Close the connection of `participantId` (after what was delivered before). */
  z.object({ kind: z.literal('close'), participantId: z.string() }),
  /** The participant's place in the call changed (the room's membership effect); never sent to a client. */
  z.object({
    kind: z.literal('membership'),
    participantId: z.string(),
    change: z.enum(['admitted', 'returnedToWaiting', 'declined', 'removed', 'left', 'ended', 'away']),
  }),
  /** A newer connection (epoch) took over `participantId`: older ones get `superseded`. */
  z.object({ kind: z.literal('superseded'), participantId: z.string(), epoch: z.number().int() }),
]);
export type RoomBusMessage = z.infer<typeof RoomBusMessage>;

export const DashboardBusMessage = z.object({ kind: z.literal('dashboardChanged') });

/**
 * Tells the owner's dashboards that a consultation changed. HTTP routes that create
 * consultations or links may call this too.
 */
export function publishDashboardChanged(bus: Bus, ownerUserId: string): Promise<void> {
  return bus.publish(dashboardChannel(ownerUserId), { kind: 'dashboardChanged' } satisfies z.infer<
    typeof DashboardBusMessage
  >);
}
