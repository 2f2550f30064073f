import { computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  ConsultationList,
  CreatedConsultation,
  InvitationView,
  type ConsultationView,
  type InvitationRole,
} from '@samtale/protocol';
import { ConsultationSession, DashboardWatcher } from '@samtale/client-core';
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
  load: () => Promise<void>;
  create: (label: string) => Promise<string>;
  createLink: (consultationId: string, role: InvitationRole) => Promise<void>;
  /** Sends a host action through a short-lived host connection (the dashboard watch socket cannot act). */
  act: (consultationId: string, action: HostAction) => Promise<void>;
  close: () => void;
}

function withUrl(invitation: InvitationView): InvitationView & { url: string } {
  if (!invitation.url) throw new TypeError('a newly created invitation must carry its url');
  return { ...invitation, url: invitation.url };
}

export function createDashboardState(api: ApiClient, wsUrl: string): DashboardState {
  const consultations = signal<ConsultationView[]>([]);
  const links = signal<CreatedLink[]>([]);
  const lifetime = new AbortController();
  const watcher = new DashboardWatcher({ url: wsUrl });
  watcher.on(
    'consultationsChanged',
    (next: ConsultationView[]) => {
      consultations.value = next;
    },
    { signal: lifetime.signal },
  );
  watcher.start();

  return {
    consultations,
    waitingCount: computed(() => consultations.value.reduce((sum, c) => sum + c.waiting.length, 0)),
    links,
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
    act(consultationId, action) {
      return new Promise((resolve, reject) => {
        const session = new ConsultationSession({
          url: wsUrl,
          join: { kind: 'host', consultationId },
          localMedia: null,
        });
        const done = new AbortController();
        const finish = (error?: unknown): void => {
          done.abort();
          session.close();
          if (error === undefined) resolve();
          else reject(error instanceof Error ? error : new Error('host action failed', { cause: error }));
        };
        session.on(
          'phaseChanged',
          ({ phase, error }) => {
            if (phase === 'admitted') {
              if (action.type === 'messageWaiting') session.messageWaiting(action.participantId, action.text);
              else session.decline(action.participantId, action.reason);
              finish();
            } else if (phase !== 'connecting') {
              finish(error ?? new Error(`host connection ended in phase ${phase}`));
            }
          },
          { signal: done.signal },
        );
        session.start();
      });
    },
    close() {
      lifetime.abort();
      watcher.close();
    },
  };
}
