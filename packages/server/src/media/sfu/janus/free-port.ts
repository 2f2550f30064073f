/** A TCP port that was free a moment ago on 127.0.0.1 (bind port 0, read it, release it). */
import net from 'node:net';

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no TCP port assigned'));
        else resolve(address.port);
      });
    });
  });
}
