/**
 * The embedded database admits one process at a time. Whoever opens it (the server, or the CLI
 * when no server runs) first takes `<DATA_DIR>/samtale.lock`, holding its pid; a lock whose
 * process is gone is stale and taken over.
 */
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, 'samtale.lock');
}

export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, 'admin.sock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock, if a live process holds it. */
export async function lockHolder(dataDir: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockFilePath(dataDir), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock for this process; returns a release function, or the live holder's pid. */
export async function acquireDataDirLock(
  dataDir: string,
): Promise<{ release: () => Promise<void> } | { heldBy: number }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await lockHolder(dataDir);
      if (holder !== null) return { heldBy: holder };
      await unlink(file).catch(() => undefined);
    }
  }
  const holder = await lockHolder(dataDir);
  return { heldBy: holder ?? -1 };
}
