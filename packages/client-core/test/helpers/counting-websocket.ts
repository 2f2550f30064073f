import { WebSocket } from 'ws';

/** The `ws` client class, recording every socket the code under test creates. */
export function countingWebSocket(): { WebSocket: new (url: string) => WebSocket; created: WebSocket[] } {
  const created: WebSocket[] = [];
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      created.push(this);
    }
  }
  return { WebSocket: CountingWebSocket, created };
}
