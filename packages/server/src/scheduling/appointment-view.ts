/**
 * Pure rules of an appointment: its live status (what the day view shows) and the clinic's days
 * in its time zone. No I/O.
 */
import type { AppointmentStatus, AppointmentView, DeliveryView } from '@samtale/protocol';
import type { AppointmentDetails, NotificationRow } from '../storage/types.ts';

function deliveryView(n: NotificationRow | null): DeliveryView | null {
  return n === null ? null : { purpose: n.purpose, status: n.status, reason: n.reason, at: n.updatedAt.toISOString() };
}

/** Where an appointment stands at `now`, from its row and the live state of its consultation. */
export function appointmentStatus(d: AppointmentDetails, now: Date): AppointmentStatus {
  const a = d.appointment;
  if (a.cancelledAt !== null) return 'cancelled';
  if (d.consultationStatus === 'ended') return 'ended';
  if (d.isGuestAdmitted) return 'in-call';
  if (d.waiting.length > 0) return 'waiting';
  const isOver = now.getTime() >= a.endsAt.getTime();
  if (isOver) return d.hasGuestJoined ? 'ended' : 'not-attended';
  // Opening the link and testing the equipment come in either order: the status says what the
  // patient did last, and the view keeps the test's time and verdict either way.
  const tested = a.equipmentTestedAt?.getTime() ?? null;
  const opened = a.linkOpenedAt?.getTime() ?? null;
  if (tested !== null && (opened === null || tested > opened)) return 'equipment-tested';
  if (opened !== null || d.hasGuestJoined) return 'link-opened';
  const isInvitedBy = (n: NotificationRow | null) => n !== null && n.status === 'sent' && n.purpose !== 'cancellation';
  if (isInvitedBy(d.latestEmail) || isInvitedBy(d.latestSms)) return 'invited';
  return 'booked';
}

/** The appointment as its clinician sees it (the contact included, until it is erased). */
export function appointmentView(d: AppointmentDetails, now: Date): AppointmentView {
  const a = d.appointment;
  return {
    id: a.id,
    consultationId: a.consultationId,
    kind: a.kind,
    label: a.label,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    durationMinutes: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    language: a.language,
    contact: { email: a.patientEmail, phone: a.patientPhone, isErased: a.contactErasedAt !== null },
    status: appointmentStatus(d, now),
    linkOpenedAt: a.linkOpenedAt?.toISOString() ?? null,
    equipmentTest:
      a.equipmentTestedAt === null || a.equipmentVerdict === null
        ? null
        : { at: a.equipmentTestedAt.toISOString(), verdict: a.equipmentVerdict },
    waiting: d.waiting,
    email: deliveryView(d.latestEmail),
    sms: deliveryView(d.latestSms),
  };
}

/** Milliseconds the zone's wall clock is ahead of UTC at `at`. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the day containing `at` began in `timeZone` (midnight there). */
export function startOfDay(at: Date, timeZone: string): Date {
  const wall = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  const midnightWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  // The offset at midnight may differ from the offset at `at` (a daylight-saving change that day).
  const guess = new Date(midnightWall - zoneOffsetMs(at, timeZone));
  return new Date(midnightWall - zoneOffsetMs(guess, timeZone));
}

/** The day view's window: today and the next six days, in the clinic's time zone. */
export function weekWindow(now: Date, timeZone: string): { from: Date; to: Date } {
  const from = startOfDay(now, timeZone);
  // Noon of the seventh day after, back to its midnight: whole days whatever the DST changes.
  const to = startOfDay(new Date(from.getTime() + 7 * 86_400_000 + 12 * 3_600_000), timeZone);
  return { from, to };
}
