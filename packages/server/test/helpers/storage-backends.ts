/**
 * Test support: the storage backends every storage and API test runs against — PGlite in memory
 * always, and PostgreSQL when TEST_DATABASE_URL is set (a fresh database per call, dropped after).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStorage, type KyselyStorage } from '../../src/storage/create-storage.ts';

export interface OpenedStorage {
  storage: KyselyStorage;
  /** The connection string, for PostgreSQL (so a child process can open the same database). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export interface StorageBackend {
  name: string;
  /** Opens a fresh, migrated, empty storage. */
  open(): Promise<OpenedStorage>;
}

export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const pgliteBackend: StorageBackend = {
  name: 'PGlite',
  async open() {
    const storage = await openStorage({ kind: 'pglite-memory' });
    await storage.migrate();
    return { storage, dispose: () => storage.close() };
  },
};

/** A fresh database on the PostgreSQL server at `adminUrl` per `open`. */
export function postgresBackend(adminUrl: string): StorageBackend {
  return {
    name: 'PostgreSQL',
    async open() {
      const name = `samtale_test_${randomBytes(6).toString('hex')}`;
      await withAdminClient(adminUrl, (c) => c.query(`create database ${name}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const storage = await openStorage({ kind: 'postgres', url: url.toString() });
      await storage.migrate();
      return {
        storage,
        databaseUrl: url.toString(),
        async dispose() {
          await storage.close();
          await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
        },
      };
    },
  };
}

/** PGlite, plus PostgreSQL when TEST_DATABASE_URL is set. */
export function storageBackends(): StorageBackend[] {
  const url = process.env.TEST_DATABASE_URL;
  return url !== undefined && url !== '' ? [pgliteBackend, postgresBackend(url)] : [pgliteBackend];
}
