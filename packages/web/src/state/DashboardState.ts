import { computed, signal, type ReadonlySignal } from '@preact/signals';
import {
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
  readonly waitingCount: ReadonlySignal<number>;
  readonly links: ReadonlySignal<CreatedLink[]>;
  /** The last refusal of a dashboard action (e.g. the person already left), by error code. */
  readonly actionError: ReadonlySignal<ErrorCode | null>;
  load: () => Promise<void>;
  create: (label: string) => Promise<string>;
  createLink: (consultationId: string, role: InvitationRole) => Promise<void>;
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
    'error',
    ({ code }) => {
      actionError.value = code;
    },
    { signal: lifetime.signal },
  );
  watcher.start();

  return {
    consultations,
    waitingCount: computed(() => consultations.value.reduce((sum, c) => sum + c.waiting.length, 0)),
    links,
    actionError,
    async load() {
      const list = await api.get('/api/consultations', (v) => ConsultationList.parse(v));
      consultations.value = list.consultations;
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
