/**
 * The room registry's answer to the SFU side (`MeetingMembers`): membership is read from the
 * room itself, at the moment it matters. A media-plane message is published only while its
 * addressee is in the call: the room changes synchronously inside `apply` and publishes what
 * it changed only after, so a message that passes this check is on the Bus before the room's
 * `returnedToWaiting` (or `removed`, `ended`) can be, and one that comes later is dropped.
 */
import type { Bus } from '../cluster/Bus.ts';
import { AppError } from '../errors.ts';
import type { MeetingMembers } from '../media/sfu/MeetingMembers.ts';
import { roomChannel, RoomBusMessage } from './channels.ts';
import type { RoomRegistry } from './RoomRegistry.ts';

export function meetingMembers(registry: RoomRegistry, bus: Bus): MeetingMembers {
  const isInCall = (meetingId: string, participantId: string, epoch?: number): boolean =>
    registry.peek(meetingId)?.members.isInCall(participantId, epoch) === true;
  return {
    isInCall,
    async ready(c) {
      await registry.withRoom(c.meetingId, async (t) => {
        const p = t.room.participant(c.participantId);
        // A connection that another device took over no longer speaks for the participant.
        if (p?.epoch !== c.epoch) throw new AppError('NOT_JOINED');
        // Consultations are peer-to-peer (mesh): no SFU.
        if (t.room.policy === null) throw new AppError('INVALID_STATE');
        // Fail closed: someone waiting learns nothing about, and sends nothing to, the SFU room.
        if (!t.room.members.isInCall(c.participantId, c.epoch)) throw new AppError('INVALID_STATE');
      });
    },
    inCall: (meetingId) => registry.peek(meetingId)?.members.inCall() ?? [],
    async deliver(meetingId, to, message) {
      if (!isInCall(meetingId, to)) return;
      await bus.publish(roomChannel(meetingId), { kind: 'deliver', to, message } satisfies RoomBusMessage);
    },
    watch(meetingId, onChange, signal) {
      bus.subscribe(
        roomChannel(meetingId),
        (raw) => {
          const parsed = RoomBusMessage.safeParse(raw);
          if (parsed.success && parsed.data.kind === 'membership')
            onChange(parsed.data.participantId, parsed.data.change);
        },
        signal,
      );
    },
  };
}
