import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type ConsultationView } from '@samtale/protocol';
import { DashboardWatcher } from '../src/DashboardWatcher.ts';
import { countingWebSocket } from './helpers/counting-websocket.ts';
import { now } from './helpers/messages.ts';
import { ScriptedServer } from './helpers/ScriptedServer.ts';

function consultation(waitingName: string | null): ConsultationView {
  return {
    id: randomUUID(),
    label: 'Kontroll',
    status: 'open',
    createdAt: now(),
    startedAt: null,
    endedAt: null,
    invitations: [],
    waiting:
      waitingName === null
        ? []
        : [
            {
              participantId: randomUUID(),
              displayName: waitingName,
              role: 'patient',
              waitingSince: now(),
              identification: { kind: 'invitation-link' },
            },
          ],
    admittedCount: 0,
  };
}

function nextChange(watcher: DashboardWatcher): Promise<ConsultationView[]> {
  return new Promise((resolve) => {
    const stop = watcher.on('consultationsChanged', (list) => {
      stop();
      resolve(list);
    });
  });
}

describe('DashboardWatcher', () => {
  let server: ScriptedServer;
  let watcher: DashboardWatcher;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    server = await ScriptedServer.start();
    watcher = new DashboardWatcher({ url: server.url, WebSocket: countingWebSocket().WebSocket });
  });

  afterEach(async () => {
    watcher.close();
    watcher.close();
    vi.useRealTimers();
    await server.close();
  });

  it('shows who is waiting as the server reports it, and asks again after a reconnect', async () => {
    watcher.start();
    const first = await server.nextConnection();
    expect(await first.next('watchDashboard')).toMatchObject({ protocolVersion: PROTOCOL_VERSION });

    let change = nextChange(watcher);
    first.send({ type: 'dashboard', consultations: [consultation('Kari Nordmann')] });
    expect((await change)[0]?.waiting[0]?.displayName).toBe('Kari Nordmann');
    expect(watcher.consultations).toHaveLength(1);

    first.drop();
    await new Promise<void>((resolve) => {
      const stop = watcher.on('connectionStateChanged', (state) => {
        if (state !== 'reconnecting') return;
        stop();
        resolve();
      });
    });
    vi.advanceTimersByTime(500);
    const second = await server.nextConnection();
    await second.next('watchDashboard');

    change = nextChange(watcher);
    second.send({ type: 'dashboard', consultations: [consultation(null), consultation('Ola')] });
    expect(await change).toHaveLength(2);
  });

  it('answers someone waiting over its own socket and reports a refusal by its code', async () => {
    const errors: string[] = [];
    watcher.on('error', ({ code }) => errors.push(code));
    watcher.start();
    const connection = await server.nextConnection();
    await connection.next('watchDashboard');
    const participantId = randomUUID();
    expect(watcher.messageWaiting(participantId, 'Ti minutter')).toBe(true);
    expect(await connection.next('messageWaiting')).toMatchObject({ participantId, text: 'Ti minutter' });
    expect(watcher.decline(participantId, 'Feil dag')).toBe(true);
    expect(await connection.next('decline')).toMatchObject({ participantId, reason: 'Feil dag' });
    const refused = new Promise<void>((resolve) => watcher.on('error', () => resolve()));
    connection.send({ type: 'error', code: 'NOT_HOST', message: 'Only the host' });
    await refused;
    expect(errors).toEqual(['NOT_HOST']);
  });
});
