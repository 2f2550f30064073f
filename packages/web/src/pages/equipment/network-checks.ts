/**
 * The network half of the equipment test: the server over HTTP and WebSocket, a TURN relay per
 * transport, and a short call between two peer connections in this page forced through TURN
 * (`iceTransportPolicy: 'relay'`), measured with getStats (https://w3c.github.io/webrtc-stats/).
 * Every check has its own deadline: a blocked network makes ICE wait silently, not fail.
 */

/** ICE servers for the test, as `POST /api/equipment-test/ice-servers` answers them. */
export interface TestIceServers {
  iceServers: RTCIceServer[];
  hasTurn: boolean;
}

function isIceServer(value: unknown): value is RTCIceServer {
  if (typeof value !== 'object' || value === null) return false;
  const urls = (value as { urls?: unknown }).urls;
  return typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
}

/** Checks the answer's shape by hand: zod stays out of the patient's pages. */
export function parseTestIceServers(value: unknown): TestIceServers {
  const v = value as { iceServers?: unknown; hasTurn?: unknown } | null;
  if (!v || !Array.isArray(v.iceServers) || !v.iceServers.every(isIceServer) || typeof v.hasTurn !== 'boolean') {
    throw new TypeError('unexpected ICE server answer');
  }
  return { iceServers: v.iceServers, hasTurn: v.hasTurn };
}

/** The TURN server entry (the one with a credential) limited to `urls`. */
export function relayServer(servers: readonly RTCIceServer[], urls: string[]): RTCIceServer | null {
  const turn = servers.find((s) => s.username !== undefined);
  if (turn === undefined || urls.length === 0) return null;
  return { urls, username: turn.username ?? '', credential: turn.credential ?? '' };
}

/** Every `turn:`/`turns:` URL among `servers`. */
export function turnUrlsOf(servers: readonly RTCIceServer[]): string[] {
  return servers
    .filter((s) => s.username !== undefined)
    .flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]))
    .filter((u) => u.startsWith('turn:') || u.startsWith('turns:'));
}

/** Whether a WebSocket to `url` opens and answers a `ping` with a `pong` within `timeoutMs`. */
export function checkWebSocket(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      resolve(false);
      return;
    }
    const finish = (isOk: boolean): void => {
      clearTimeout(timer);
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      socket.close();
      resolve(isOk);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'ping', id: 'equipment-test' }));
    socket.onmessage = (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { type?: unknown };
        if (message.type === 'pong') finish(true);
      } catch {
        // Not JSON: keep waiting for the pong until the deadline.
      }
    };
    socket.onerror = () => finish(false);
    socket.onclose = () => finish(false);
  });
}

/**
 * Whether the relay `server` gives this browser a relay candidate within `timeoutMs`: the TURN
 * server was reached over its transport and accepted the credential (RFC 8656 Allocate).
 */
export function probeRelay(server: RTCIceServer, timeoutMs: number): Promise<boolean> {
  const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'relay' });
  return new Promise<boolean>((resolve) => {
    const finish = (isOk: boolean): void => {
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      resolve(isOk);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.onicecandidate = (event) => {
      if (event.candidate === null) finish(false);
      else if (event.candidate.type === 'relay') finish(true);
    };
    pc.createDataChannel('equipment-test');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch(() => finish(false));
  });
}

export interface CallMeasurement {
  /** What was actually sent: a still picture needs little, so this is not the network's capacity. */
  kbps: number;
  /** The sender's bandwidth estimate (`availableOutgoingBitrate`, from congestion control); null when not reported. */
  capacityKbps: number | null;
  /** Round trip through the relay, from the selected candidate pair; null when not reported. */
  rttMs: number | null;
}

function waitForConnected(pc: RTCPeerConnection, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (pc.connectionState === 'connected') done(true);
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') done(false);
    };
    const done = (isOk: boolean): void => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve(isOk);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

type Report = Record<string, unknown> & { id: string; type: string };

async function reportsOf(pc: RTCPeerConnection): Promise<Map<string, Report>> {
  const reports = new Map<string, Report>();
  (await pc.getStats()).forEach((report: Report) => reports.set(report.id, report));
  return reports;
}

function bytesSent(reports: Map<string, Report>): number {
  let total = 0;
  for (const r of reports.values()) if (r.type === 'outbound-rtp') total += Number(r.bytesSent ?? 0);
  return total;
}

function selectedPair(reports: Map<string, Report>): Report | undefined {
  const transport = [...reports.values()].find((r) => r.type === 'transport');
  return reports.get(String(transport?.selectedCandidatePairId));
}

function capacityKbps(reports: Map<string, Report>): number | null {
  const bitsPerSecond = selectedPair(reports)?.availableOutgoingBitrate;
  return typeof bitsPerSecond === 'number' ? Math.round(bitsPerSecond / 1000) : null;
}

function roundTripMs(reports: Map<string, Report>): number | null {
  const pair = selectedPair(reports);
  const seconds = pair?.currentRoundTripTime;
  if (typeof seconds === 'number') return Math.round(seconds * 1000);
  const remote = [...reports.values()].find(
    (r) => r.type === 'remote-inbound-rtp' && typeof r.roundTripTime === 'number',
  );
  return remote === undefined ? null : Math.round(Number(remote.roundTripTime) * 1000);
}

/**
 * A short call from this page to itself through TURN: `track` is sent from one relay-only peer
 * connection to another, and the rate actually sent over `measureMs` and the relay's round trip
 * are measured. null when the call does not connect within `connectTimeoutMs`.
 */
export async function loopbackCall(
  iceServers: RTCIceServer[],
  track: MediaStreamTrack,
  { connectTimeoutMs, measureMs }: { connectTimeoutMs: number; measureMs: number },
): Promise<CallMeasurement | null> {
  const configuration: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
  const sender = new RTCPeerConnection(configuration);
  const receiver = new RTCPeerConnection(configuration);
  try {
    sender.onicecandidate = (e) => {
      if (e.candidate) receiver.addIceCandidate(e.candidate).catch(() => undefined);
    };
    receiver.onicecandidate = (e) => {
      if (e.candidate) sender.addIceCandidate(e.candidate).catch(() => undefined);
    };
    sender.addTrack(track, new MediaStream([track]));
    const offer = await sender.createOffer();
    await sender.setLocalDescription(offer);
    await receiver.setRemoteDescription(offer);
    const answer = await receiver.createAnswer();
    await receiver.setLocalDescription(answer);
    await sender.setRemoteDescription(answer);
    const isConnected = await waitForConnected(sender, connectTimeoutMs);
    if (!isConnected) return null;
    const first = await reportsOf(sender);
    const startedAt = performance.now();
    // A measurement window, not a wait for correctness: the rate is bytes over elapsed time.
    await new Promise((resolve) => setTimeout(resolve, measureMs));
    const last = await reportsOf(sender);
    const seconds = (performance.now() - startedAt) / 1000;
    const kbps = Math.round(((bytesSent(last) - bytesSent(first)) * 8) / 1000 / seconds);
    return { kbps, capacityKbps: capacityKbps(last), rttMs: roundTripMs(last) };
  } finally {
    sender.close();
    receiver.close();
  }
}
