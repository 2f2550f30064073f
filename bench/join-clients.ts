/**
 * The client side of bench/server-join-cpu.ts, in a child process so that the server's process
 * counts only the server's CPU. Driven over IPC:
 *   { kind: 'joins', url, hostCookie, consultations: [{ id, token }] }  hosts join, reply 'ready';
 *     then { kind: 'go' }: one patient per consultation joins by link and is admitted, one at a
 *     time; replies { kind: 'done', ms: [...] } (join sent -> admitted received, per join).
 *   { kind: 'floor', url, count }  replies 'ready'; on 'go', `count` times: connect, send one
 *     message, wait for its echo, close; replies 'done'.
 */
import WebSocket from 'ws';

interface Message {
  type: string;
  participants?: { id: string; state: string; role: string }[];
  [key: string]: unknown;
}

type Command =
  | { kind: 'joins'; url: string; hostCookie: string; consultations: { id: string; token: string }[] }
  | { kind: 'floor'; url: string; count: number }
  | { kind: 'go' };

/** A socket that hands out its messages in order, waiting when none is there yet. */
class Client {
  readonly #queue: Message[] = [];
  #wake: (() => void) | undefined;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.#queue.push(JSON.parse(data.toString('utf8')) as Message);
      this.#wake?.();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  async next(isWanted: (m: Message) => boolean): Promise<Message> {
    for (;;) {
      const index = this.#queue.findIndex(isWanted);
      if (index >= 0) return this.#queue.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

const goSignal = (): Promise<void> =>
  new Promise((resolve) => process.once('message', (m: Command) => m.kind === 'go' && resolve()));

async function joins(command: Extract<Command, { kind: 'joins' }>): Promise<number[]> {
  const hosts: Client[] = [];
  for (const { id } of command.consultations) {
    const host = await Client.open(command.url, { cookie: command.hostCookie });
    host.send({ type: 'join', id: 'host', protocolVersion: 1, as: { kind: 'host', consultationId: id } });
    await host.next((m) => m.type === 'welcome');
    hosts.push(host);
  }
  const go = goSignal();
  process.send?.({ kind: 'ready' });
  await go;
  const times: number[] = [];
  const patients: Client[] = [];
  for (const [i, { token }] of command.consultations.entries()) {
    const host = hosts[i]!;
    const startedAt = performance.now();
    const patient = await Client.open(command.url);
    patient.send({
      type: 'join',
      id: 'patient',
      protocolVersion: 1,
      as: { kind: 'invitation', invitationToken: token, displayName: 'Kari Pasient', hasConsented: true },
    });
    await patient.next((m) => m.type === 'waiting');
    const roster = await host.next(
      (m) => m.type === 'roster' && (m.participants ?? []).some((p) => p.state === 'waiting'),
    );
    const waiting = roster.participants?.find((p) => p.state === 'waiting');
    if (waiting === undefined) throw new Error('the host saw nobody waiting');
    host.send({ type: 'admit', id: 'admit', participantId: waiting.id });
    await patient.next((m) => m.type === 'admitted');
    times.push(performance.now() - startedAt);
    // Kept open: leaving is not part of a join (the process exits after reporting).
    patients.push(patient);
  }
  return times;
}

async function floor(command: Extract<Command, { kind: 'floor' }>): Promise<number[]> {
  const go = goSignal();
  process.send?.({ kind: 'ready' });
  await go;
  const times: number[] = [];
  for (let i = 0; i < command.count; i++) {
    const startedAt = performance.now();
    const client = await Client.open(command.url);
    client.send({ type: 'ping', id: String(i) });
    await client.next(() => true);
    times.push(performance.now() - startedAt);
    client.socket.close();
  }
  return times;
}

process.once('message', (command: Command) => {
  const run = command.kind === 'joins' ? joins(command) : command.kind === 'floor' ? floor(command) : null;
  if (run === null) throw new TypeError(`unexpected first command ${command.kind}`);
  run.then(
    (ms) => process.send?.({ kind: 'done', ms }, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
