/**
 * The authorization matrix for socket messages (issue 8): one row per client message, naming
 * who may send it in a 1:1 consultation. `socket-matrix.test.ts` builds a fresh consultation per
 * cell (socket-world.ts: host in the call, a patient, a relative and an interpreter admitted, a
 * second patient waiting and a third identified with ID-porten waiting, a colleague and the admin
 * watching their dashboards, a socket that never joined), sends the row's message
 * from the actor's socket, and asserts: allowed → the effect happens; refused → a coded error
 * answering the message, no effect on anyone, and no stored row changed. Every client message
 * type has a row (or is named in NOT_ACTIONS with the reason).
 */
import type { ClientMessageType } from '@samtale/protocol';
import { SOCKET_ACTORS, type SocketActor, type SocketWorld } from './socket-world.ts';

export { SOCKET_ACTORS };

export interface SocketRow {
  type: ClientMessageType;
  allow: readonly SocketActor[];
  /** The message, with `id` set by the test. */
  message(w: SocketWorld): Record<string, unknown>;
  /** Waits until the effect of an allowed message is visible. */
  effect(w: SocketWorld, actor: SocketActor): Promise<unknown>;
  why?: string;
}

const IN_CALL = ['host', 'admittedPatient', 'relative', 'interpreter'] as const;
const WAITING = ['waitingPatient', 'identifiedPatient'] as const;

export const SOCKET_MATRIX: readonly SocketRow[] = [
  {
    type: 'admit',
    allow: ['host'],
    message: (w) => ({ type: 'admit', participantId: w.ids.waitingPatient }),
    effect: (w) => w.client('waitingPatient').next('admitted'),
  },
  {
    type: 'decline',
    allow: ['host'],
    message: (w) => ({ type: 'decline', participantId: w.ids.waitingPatient, reason: 'Ny time' }),
    effect: (w) => w.client('waitingPatient').next('declined'),
  },
  {
    type: 'messageWaiting',
    allow: ['host'],
    message: (w) => ({ type: 'messageWaiting', participantId: w.ids.waitingPatient, text: 'Fem minutter' }),
    effect: (w) => w.client('waitingPatient').next('hostMessage'),
  },
  {
    type: 'returnToWaiting',
    allow: ['host'],
    message: (w) => ({ type: 'returnToWaiting', participantId: w.ids.relative }),
    effect: (w) => w.client('relative').next('returnedToWaiting'),
  },
  {
    type: 'remove',
    allow: ['host'],
    message: (w) => ({ type: 'remove', participantId: w.ids.relative }),
    effect: (w) => w.client('relative').next('removed'),
  },
  {
    type: 'end',
    allow: ['host'],
    message: () => ({ type: 'end' }),
    effect: (w) => w.client('admittedPatient').next('ended'),
  },
  {
    type: 'signal',
    allow: ['admittedPatient', 'relative', 'interpreter'],
    why: 'only those in the call exchange signals, and only with others in it (here: with the host)',
    message: (w) => ({
      type: 'signal',
      to: w.ids.host,
      data: { kind: 'candidate', candidate: null },
    }),
    effect: (w) => w.client('host').next('signal'),
  },
  {
    type: 'mediaState',
    allow: [...IN_CALL, ...WAITING],
    message: () => ({ type: 'mediaState', isAudioOn: false, isVideoOn: true }),
    effect: (w, actor) =>
      actor === 'waitingPatient' || actor === 'identifiedPatient'
        ? w.client(actor).barrier()
        : w.client('host').next('roster', (m) => m.participants.some((p) => !p.isAudioOn)),
    why:
      "one's own camera and microphone: in the call the roster shows it to the others; a waiting " +
      'person sets it for when they are admitted, and nobody is told before',
  },
  {
    type: 'recordIdShownInVideo',
    allow: ['host'],
    why: 'only the host checks ID shown in the video (the Normen alternative to an e-ID), and it is audited',
    message: (w) => ({ type: 'recordIdShownInVideo', participantId: w.ids.waitingPatient }),
    effect: (w) =>
      w.client('host').next('roster', (m) => m.participants.some((p) => p.identification.kind === 'id-shown-in-video')),
  },
];

/**
 * Client message types without a row here, and why: entering (join, resume, watchDashboard) is
 * who-you-are rather than a power over others and has its own tests (gateway.test.ts,
 * session-sockets.test.ts, meetings-signaling.test.ts); leave and ping concern only the sender;
 * the SFU messages and `lock` belong to meetings through Janus (sfu-signaling.test.ts refuses them
 * from outside the call) and a 1:1 consultation has no SFU.
 */
export const NOT_ACTIONS: readonly ClientMessageType[] = [
  'join',
  'resume',
  'watchDashboard',
  'leave',
  'ping',
  'sfuPublish',
  'sfuSubscribe',
  'sfuSubscriberAnswer',
  'sfuTrickle',
  'sfuRequestKeyframe',
  'lock',
  // Who may record whose consent (the patient their own in the browser, the host a spoken one)
  // is consent.test.ts's, with each refusal coded and nothing stored.
  'recordConsent',
];
