import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type ParticipantView, type ServerMessageOf } from '@samtale/protocol';

export const consultationId = randomUUID();

export function welcome(
  participantId: string,
  resumeToken: string,
  overrides: Partial<ServerMessageOf<'welcome'>> = {},
): ServerMessageOf<'welcome'> {
  return {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    participantId,
    resumeToken,
    role: 'patient',
    displayName: 'Kari Nordmann',
    consultationId,
    state: 'waiting',
    ...overrides,
  };
}

export function participant(id: string, overrides: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    displayName: `Person ${id.slice(0, 4)}`,
    role: 'patient',
    identification: { kind: 'invitation-link' },
    state: 'admitted',
    isConnected: true,
    isAudioOn: true,
    isVideoOn: true,
    waitingSince: null,
    ...overrides,
  };
}

export function roster(participants: ParticipantView[]): ServerMessageOf<'roster'> {
  return { type: 'roster', participants, startedAt: new Date().toISOString() };
}

export const admitted: ServerMessageOf<'admitted'> = {
  type: 'admitted',
  iceServers: [{ urls: 'stun:stun.example.org:3478' }],
  meshMax: 4,
};

export const now = (): string => new Date().toISOString();
