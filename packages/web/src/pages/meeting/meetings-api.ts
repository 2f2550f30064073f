import { CreatedMeeting, MeetingList, MeetingView, type CreateMeetingBody, type MeetingKind } from '@samtale/protocol';
import type { ApiClient } from '../../api/ApiClient.ts';

/** The meetings resource (`/api/meetings`), answers checked against the protocol's schemas. */
export function listMeetings(api: ApiClient): Promise<MeetingList> {
  return api.get('/api/meetings', (value) => MeetingList.parse(value));
}

export function getMeeting(api: ApiClient, meetingId: string): Promise<MeetingView> {
  return api.get(`/api/meetings/${meetingId}`, (value) => MeetingView.parse(value));
}

export function createMeeting(
  api: ApiClient,
  input: { kind: MeetingKind; hasPersonalData: boolean; title: string },
): Promise<CreatedMeeting> {
  const title = input.title.trim();
  const body: CreateMeetingBody = {
    kind: input.kind,
    // Clinical meetings always carry personal data (protocol: policyFor).
    hasPersonalData: input.kind === 'clinical' || input.hasPersonalData,
    ...(title ? { title } : {}),
  };
  return api.post('/api/meetings', body, (value) => CreatedMeeting.parse(value));
}
