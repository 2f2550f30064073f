/**
 * The iCalendar event of an appointment (RFC 5545), sent with iTIP methods (RFC 5546): REQUEST
 * when booked or moved (same UID, higher SEQUENCE, so calendars update the one event) and CANCEL.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalAttendeeRole } from 'ical-generator';

export interface CalendarEventInput {
  /** Stable across changes: the appointment's id and the service's host (RFC 5545 3.8.4.7). */
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  startsAt: Date;
  endsAt: Date;
  stamp: Date;
  summary: string;
  description: string;
  /** The link to the call; absent in a cancellation (the link no longer works). */
  url: string | null;
  organizer: { name: string; email: string };
  attendeeEmail: string;
}

/** The VCALENDAR text. Times are written in UTC (`...Z`), which every calendar reads. */
export function calendarEvent(input: CalendarEventInput): string {
  const calendar = ical({
    prodId: { company: 'Samtale', product: 'Samtale', language: 'EN' },
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start: input.startsAt,
    end: input.endsAt,
    stamp: input.stamp,
    summary: input.summary,
    description: input.description,
    ...(input.url === null ? {} : { url: input.url, location: input.url }),
    organizer: input.organizer,
    attendees: [{ email: input.attendeeEmail, role: ICalAttendeeRole.REQ, rsvp: false }],
    status: input.method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
  });
  return calendar.toString();
}

/** The address part of `Name <address>` (or the whole string when it has no brackets). */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
