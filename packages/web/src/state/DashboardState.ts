import { computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  AppointmentAnswer,
  AppointmentList,
  type AppointmentView,
  type BookAppointmentBody,
  ConsultationList,
  CreatedConsultation,
  InvitationView,
  type ConsultationView,
  type ErrorCode,
  type InvitationRole,
} from '@samtale/protocol';
import { DashboardWatcher } from '@samtale/client-core';
import type { ApiClient } from '../api/ApiClient.ts';

/** A link created in this browser tab: only then is its URL known (the server keeps only a hash). */
export interface CreatedLink {
  consultationId: string;
  invitation: InvitationView & { url: string };
}

export type HostAction =
  | { type: 'messageWaiting'; participantId: string; text: string }
  | { type: 'decline'; participantId: string; reason?: string };

export interface DashboardState {
  readonly consultations: ReadonlySignal<ConsultationView[]>;
  /** Today's and the next six days' appointments, in time order, live (issue 9). */
  readonly appointments: ReadonlySignal<AppointmentView[]>;
  readonly waitingCount: ReadonlySignal<number>;
  readonly links: ReadonlySignal<CreatedLink[]>;
  /** The last refusal of a dashboard action (e.g. the person already left), by error code. */
  readonly actionError: ReadonlySignal<ErrorCode | null>;
  load: () => Promise<void>;
  create: (label: string) => Promise<string>;
  createLink: (consultationId: string, role: InvitationRole) => Promise<void>;
  book: (body: BookAppointmentBody) => Promise<AppointmentView>;
  reschedule: (id: string, slot: { startsAt: string; durationMinutes: number }) => Promise<void>;
  cancel: (id: string) => Promise<void>;
  resend: (id: string) => Promise<void>;
  /** Answers someone waiting, over the dashboard's own socket (the clinician need not enter the call). */
  act: (action: HostAction) => Promise<void>;
  close: () => void;
}

function withUrl(invitation: InvitationView): InvitationView & { url: string } {
  if (!invitation.url) throw new TypeError('a newly created invitation must carry its url');
  return { ...invitation, url: invitation.url };
}

export function createDashboardState(api: ApiClient, wsUrl: string): DashboardState {
  const consultations = signal<ConsultationView[]>([]);
  const appointments = signal<AppointmentView[]>([]);
  const links = signal<CreatedLink[]>([]);
  const actionError = signal<ErrorCode | null>(null);
  const lifetime = new AbortController();
  const watcher = new DashboardWatcher({ url: wsUrl });
  watcher.on(
    'consultationsChanged',
    (next: ConsultationView[]) => {
      consultations.value = next;
    },
    { signal: lifetime.signal },
  );
  watcher.on(
    'appointmentsChanged',
    (next: AppointmentView[]) => {
      appointments.value = next;
    },
    { signal: lifetime.signal },
  );
  watcher.on(
    'error',
    ({ code }) => {
      actionError.value = code;
    },
    { signal: lifetime.signal },
  );
  watcher.start();

  /** Shows the answer at once (the dashboard message follows) and keeps a new link's URL for this tab. */
  const remember = (answer: AppointmentAnswer): void => {
    const { appointment, invitation } = answer;
    const others = appointments.value.filter((a) => a.id !== appointment.id);
    appointments.value = [...others, appointment].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    if (invitation?.url !== undefined) {
      const rest = links.value.filter((l) => l.consultationId !== appointment.consultationId);
      links.value = [{ consultationId: appointment.consultationId, invitation: withUrl(invitation) }, ...rest];
    }
  };

  return {
    consultations,
    appointments,
    waitingCount: computed(
      () =>
        consultations.value.reduce((sum, c) => sum + c.waiting.length, 0) +
        appointments.value.reduce((sum, a) => sum + a.waiting.length, 0),
    ),
    links,
    actionError,
    async load() {
      const [list, booked] = await Promise.all([
        api.get('/api/consultations', (v) => ConsultationList.parse(v)),
        api.get('/api/appointments', (v) => AppointmentList.parse(v)),
      ]);
      consultations.value = list.consultations;
      appointments.value = booked.appointments;
    },
    async create(label) {
      const trimmed = label.trim();
      const created = await api.post('/api/consultations', trimmed ? { label: trimmed } : {}, (v) =>
        CreatedConsultation.parse(v),
      );
      const id = created.consultation.id;
      links.value = [{ consultationId: id, invitation: withUrl(created.invitation) }, ...links.value];
      if (!consultations.value.some((c) => c.id === id))
        consultations.value = [created.consultation, ...consultations.value];
      return id;
    },
    async createLink(consultationId, role) {
      const invitation = await api.post(`/api/consultations/${consultationId}/invitations`, { role }, (v) =>
        InvitationView.parse(v),
      );
      links.value = [{ consultationId, invitation: withUrl(invitation) }, ...links.value];
    },
    async book(body) {
      const answer = await api.post('/api/appointments', body, (v) => AppointmentAnswer.parse(v));
      // Booked by an admin for another clinician: it belongs in that clinician's day view, not here.
      if (body.clinicianUserId === undefined) remember(answer);
      return answer.appointment;
    },
    async reschedule(id, slot) {
      remember(await api.post(`/api/appointments/${id}/reschedule`, slot, (v) => AppointmentAnswer.parse(v)));
    },
    async cancel(id) {
      remember(await api.post(`/api/appointments/${id}/cancel`, {}, (v) => AppointmentAnswer.parse(v)));
    },
    async resend(id) {
      remember(await api.post(`/api/appointments/${id}/resend`, {}, (v) => AppointmentAnswer.parse(v)));
    },
    act(action) {
      actionError.value = null;
      const isSent =
        action.type === 'messageWaiting'
          ? watcher.messageWaiting(action.participantId, action.text)
          : watcher.decline(action.participantId, action.reason);
      return isSent ? Promise.resolve() : Promise.reject(new Error('the dashboard is not connected'));
    },
    close() {
      lifetime.abort();
      watcher.close();
    },
  };
}
