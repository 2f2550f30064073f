import { describe, expect, it } from 'vitest';
import type { AppointmentDetails, AppointmentRow, NotificationRow } from '../storage/types.ts';
import { appointmentStatus, appointmentView, startOfDay, weekWindow } from './appointment-view.ts';

const START = new Date('2030-01-15T12:00:00.000Z');
const END = new Date('2030-01-15T12:30:00.000Z');
const BEFORE = new Date('2030-01-15T11:00:00.000Z');
const AFTER = new Date('2030-01-15T13:00:00.000Z');

function details(overrides: Partial<AppointmentDetails> = {}, row: Partial<AppointmentRow> = {}): AppointmentDetails {
  return {
    appointment: {
      id: 'a',
      organisationId: 'o',
      ownerUserId: 'u',
      consultationId: 'c',
      kind: 'follow-up',
      label: null,
      startsAt: START,
      endsAt: END,
      language: 'nb',
      patientEmail: 'kari@example.no',
      patientPhone: null,
      contactErasedAt: null,
      invitationId: 'i',
      linkOpenedAt: null,
      equipmentTestedAt: null,
      equipmentVerdict: null,
      sequence: 0,
      cancelledAt: null,
      createdAt: BEFORE,
      ...row,
    },
    consultationStatus: 'open',
    waiting: [],
    isGuestAdmitted: false,
    hasGuestJoined: false,
    latestEmail: null,
    latestSms: null,
    ...overrides,
  };
}

function email(status: NotificationRow['status'], purpose: NotificationRow['purpose'] = 'invitation'): NotificationRow {
  return {
    id: 'n',
    appointmentId: 'a',
    channel: 'email',
    purpose,
    status,
    reason: null,
    createdAt: BEFORE,
    updatedAt: BEFORE,
    jobKey: null,
  };
}

const WAITING = [
  {
    participantId: 'p',
    displayName: 'Kari',
    role: 'patient' as const,
    waitingSince: BEFORE.toISOString(),
    identification: { kind: 'invitation-link' as const },
  },
];

describe('an appointment’s live status', () => {
  it('is booked until an e-mail went out, then invited, then link opened', () => {
    expect(appointmentStatus(details(), BEFORE)).toBe('booked');
    expect(appointmentStatus(details({ latestEmail: email('failed') }), BEFORE)).toBe('booked');
    expect(appointmentStatus(details({ latestEmail: email('logged') }), BEFORE)).toBe('booked');
    expect(appointmentStatus(details({ latestEmail: email('sent') }), BEFORE)).toBe('invited');
    expect(appointmentStatus(details({ latestEmail: email('sent', 'update') }), BEFORE)).toBe('invited');
    expect(appointmentStatus(details({ latestEmail: email('sent') }, { linkOpenedAt: BEFORE }), BEFORE)).toBe(
      'link-opened',
    );
  });

  it('is equipment tested or link opened, whichever the patient did last, and keeps the test either way', () => {
    const sent = { latestEmail: email('sent') };
    const early = new Date('2030-01-15T10:00:00.000Z');
    const tested = { equipmentTestedAt: BEFORE, equipmentVerdict: 'problem' as const };
    expect(appointmentStatus(details(sent, tested), BEFORE)).toBe('equipment-tested');
    expect(appointmentStatus(details(sent, { ...tested, linkOpenedAt: early }), BEFORE)).toBe('equipment-tested');
    expect(appointmentStatus(details(sent, { equipmentTestedAt: early, linkOpenedAt: BEFORE }), BEFORE)).toBe(
      'link-opened',
    );
    expect(appointmentStatus(details({ ...sent, waiting: WAITING }, tested), BEFORE)).toBe('waiting');
    expect(appointmentStatus(details(sent, tested), AFTER)).toBe('not-attended');
    const view = appointmentView(details(sent, { ...tested, equipmentTestedAt: early, linkOpenedAt: BEFORE }), BEFORE);
    expect(view.status).toBe('link-opened');
    expect(view.equipmentTest).toEqual({ at: early.toISOString(), verdict: 'problem' });
    expect(appointmentView(details(sent), BEFORE).equipmentTest).toBeNull();
  });

  it('is waiting while someone waits and in call while someone is admitted, even past the end', () => {
    expect(appointmentStatus(details({ waiting: WAITING }), AFTER)).toBe('waiting');
    expect(appointmentStatus(details({ waiting: WAITING, isGuestAdmitted: true }), BEFORE)).toBe('in-call');
  });

  it('is not attended when the time passed with nobody there, ended when someone came and left', () => {
    expect(appointmentStatus(details({ latestEmail: email('sent') }, { linkOpenedAt: BEFORE }), AFTER)).toBe(
      'not-attended',
    );
    expect(appointmentStatus(details({ hasGuestJoined: true }), AFTER)).toBe('ended');
    expect(appointmentStatus(details({ consultationStatus: 'ended' }), BEFORE)).toBe('ended');
  });

  it('is cancelled whatever else happened', () => {
    expect(
      appointmentStatus(details({ waiting: WAITING, consultationStatus: 'ended' }, { cancelledAt: BEFORE }), BEFORE),
    ).toBe('cancelled');
  });
});

describe('the clinic’s days in Europe/Oslo', () => {
  it('starts a winter day at 23:00 UTC and a summer day at 22:00 UTC', () => {
    expect(startOfDay(new Date('2030-01-15T22:59:00Z'), 'Europe/Oslo').toISOString()).toBe('2030-01-14T23:00:00.000Z');
    expect(startOfDay(new Date('2030-01-15T23:00:00Z'), 'Europe/Oslo').toISOString()).toBe('2030-01-15T23:00:00.000Z');
    expect(startOfDay(new Date('2030-06-15T12:00:00Z'), 'Europe/Oslo').toISOString()).toBe('2030-06-14T22:00:00.000Z');
  });

  it('keeps whole days in the week window across the change to summer time', () => {
    // 2030-03-31 03:00 local is the change; the window from 2030-03-28 ends at midnight on 2030-04-04.
    const { from, to } = weekWindow(new Date('2030-03-28T15:00:00Z'), 'Europe/Oslo');
    expect(from.toISOString()).toBe('2030-03-27T23:00:00.000Z');
    expect(to.toISOString()).toBe('2030-04-03T22:00:00.000Z');
  });

  it('finds midnight on the day the clocks change', () => {
    expect(startOfDay(new Date('2030-03-31T20:00:00Z'), 'Europe/Oslo').toISOString()).toBe('2030-03-30T23:00:00.000Z');
    expect(startOfDay(new Date('2030-10-27T20:00:00Z'), 'Europe/Oslo').toISOString()).toBe('2030-10-26T22:00:00.000Z');
  });
});
