/** Waits until a Janus WebSocket API answers `info` (the process is up and its transport listens). */
import WebSocket from 'ws';

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol');
    const done = (isUp: boolean): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(isUp);
    };
    socket.once('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'samtale-probe' })));
    socket.once('message', (data: Buffer) => done(data.toString('utf8').includes('server_info')));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Polls `url` every `intervalMs` until Janus answers; rejects after `timeoutMs` or when `signal` aborts. */
export async function waitForJanus(
  url: string,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    if (options.signal?.aborted === true) throw new Error('stopped while waiting for Janus');
    if (await probe(url)) return;
    if (Date.now() > deadline) throw new Error(`Janus did not answer at ${url} within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
