/**
 * Administration from a terminal: `npm run cli -- <command>`.
 *
 * With the embedded database, a running server holds it: the CLI then sends the command to the
 * server's admin socket; otherwise it opens the database itself (taking the same lock the server
 * takes). With DATABASE_URL it always connects directly.
 */
import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { createStorage } from './storage/create-storage.ts';
import { AdminRequest, runAdminCommand, type AdminResponse, type AdminResult } from './admin/commands.ts';
import { sendAdminCommand } from './admin/admin-client.ts';
import { acquireDataDirLock, adminSocketPath } from './admin/data-dir-lock.ts';
import { retentionDefaults } from './retention/defaults.ts';
import { RETENTION_CATEGORIES } from '@samtale/protocol';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate                                   Apply pending database migrations
  user add --email E --name N --role clinician|admin --password-stdin
                                            Create a user (password read from standard input)
  audit list [--consultation ID] [--actor ID] [--action KIND] [--from TIME] [--to TIME]
             [--limit N] [--cursor C] [--json]
                                            Show the audit trail, newest first (1000 a page;
                                            --cursor C shows the next, older page); TIME is
                                            ISO 8601, e.g. 2026-05-01T08:00:00Z
  audit verify                              Check the audit trail's hash chain
  purge [--dry-run]                         Remove what is past each organisation's retention
                                            periods, and jobs finished JOB_RETENTION_DAYS ago,
                                            and print the counts per category;
                                            --dry-run only counts (nothing changes)
`;

/** The command-line option of each audit-list request field (for error messages). */
const OPTION_OF: Record<string, string> = { consultationId: 'consultation' };

/** Exit codes: 0 done, 1 the command failed, 2 the command line was wrong. */
class UsageError extends Error {}

function parse(argv: string[]): { request: AdminRequest | null; isJson: boolean; needsPassword: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      consultation: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { request: null, isJson: false, needsPassword: false };
  const words = positionals.join(' ');
  switch (words) {
    case 'migrate':
      return { request: { command: 'migrate' }, isJson: values.json, needsPassword: false };
    case 'user add': {
      const { email, name, role } = values;
      if (email === undefined || name === undefined || role === undefined) {
        throw new UsageError('user add needs --email, --name and --role');
      }
      if (role !== 'clinician' && role !== 'admin') throw new UsageError('--role must be clinician or admin');
      if (!values['password-stdin'])
        throw new UsageError('user add needs --password-stdin (the password is read from standard input)');
      return {
        request: { command: 'user-add', email, displayName: name, role, password: '' },
        isJson: values.json,
        needsPassword: true,
      };
    }
    case 'audit list': {
      const { consultation, actor, action, from, to, limit, cursor } = values;
      const request = AdminRequest.safeParse({
        command: 'audit-list',
        ...(consultation !== undefined ? { consultationId: consultation } : {}),
        ...(actor !== undefined ? { actor } : {}),
        ...(action !== undefined ? { action } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(limit !== undefined ? { limit: /^\d+$/.test(limit) ? Number(limit) : limit } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      if (!request.success) {
        const options = [
          ...new Set(request.error.issues.map((i) => `--${OPTION_OF[String(i.path[0])] ?? String(i.path[0])}`)),
        ];
        throw new UsageError(`audit list: invalid ${options.join(', ')}`);
      }
      return { request: request.data, isJson: values.json, needsPassword: false };
    }
    case 'audit verify':
      return { request: { command: 'audit-verify' }, isJson: values.json, needsPassword: false };
    case 'purge':
      return { request: { command: 'purge', isDryRun: values['dry-run'] }, isJson: values.json, needsPassword: false };
    default:
      throw new UsageError(words === '' ? 'no command given' : `unknown command: ${words}`);
  }
}

async function execute(config: Config, request: AdminRequest): Promise<AdminResponse> {
  if (config.databaseUrl === null) {
    const viaServer = await sendAdminCommand(adminSocketPath(config.dataDir), request);
    if (viaServer) return viaServer;
    const lock = await acquireDataDirLock(config.dataDir);
    if ('heldBy' in lock) {
      throw new Error(
        `Samtale (pid ${lock.heldBy}) holds the database in ${config.dataDir}, but its admin socket does not answer. Stop the server or try again.`,
      );
    }
    try {
      return await executeDirectly(config, request);
    } finally {
      await lock.release();
    }
  }
  return executeDirectly(config, request);
}

async function executeDirectly(config: Config, request: AdminRequest): Promise<AdminResponse> {
  const storage = await createStorage(config);
  try {
    await storage.migrate();
    return await runAdminCommand(storage, request, {
      retentionDefaults: retentionDefaults(config),
      jobRetentionDays: config.jobRetentionDays,
    });
  } finally {
    await storage.close();
  }
}

function print(result: AdminResult, isJson: boolean): number {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  switch (result.command) {
    case 'migrate':
      out(isJson ? JSON.stringify({ migrated: true }) : 'The database is up to date.');
      return 0;
    case 'user-add':
      out(
        isJson
          ? JSON.stringify(result.user)
          : `Created ${result.user.role} ${result.user.email} (${result.user.id}) in ${result.user.organisationName}.`,
      );
      return 0;
    case 'audit-list':
      if (isJson) out(JSON.stringify(result.events, null, 2));
      else if (result.events.length === 0) out('No audit events.');
      else
        for (const e of result.events) {
          out(
            [
              e.id,
              e.at,
              e.count > 1 ? `${e.action} x${e.count} (last ${e.lastAt ?? '-'})` : e.action,
              `user=${e.actorUserId ?? '-'}`,
              `participant=${e.actorParticipantId ?? '-'}`,
              `consultation=${e.consultationId ?? '-'}`,
            ].join('  '),
          );
        }
      // On standard error, so that --json output stays one JSON array.
      if (result.nextCursor !== null) {
        process.stderr.write(`More events: add --cursor ${result.nextCursor} for the next, older page.\n`);
      }
      return 0;
    case 'audit-verify':
      if (isJson)
        out(JSON.stringify({ isIntact: result.brokenAtEventId === null, brokenAtEventId: result.brokenAtEventId }));
      else
        out(
          result.brokenAtEventId === null
            ? 'The audit trail is intact.'
            : `The audit trail is broken at event ${result.brokenAtEventId}.`,
        );
      return result.brokenAtEventId === null ? 0 : 1;
    case 'purge':
      if (isJson) out(JSON.stringify({ isDryRun: result.isDryRun, counts: result.counts }));
      else {
        out(result.isDryRun ? 'Dry run: nothing was changed. A purge now would remove:' : 'Purged:');
        for (const category of RETENTION_CATEGORIES) out(`  ${category}: ${result.counts[category]}`);
        out(`  finishedJobs: ${result.counts.finishedJobs}`);
      }
      return 0;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.request === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`The configuration is invalid:\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  let request = parsed.request;
  if (parsed.needsPassword && request.command === 'user-add') {
    // One trailing newline (from `echo` or a terminal) is not part of the password.
    request = { ...request, password: (await text(process.stdin)).replace(/\r?\n$/, '') };
  }
  const response = await execute(config, request);
  if (!response.ok) {
    process.stderr.write(`${response.error.code}: ${response.error.message}\n`);
    return 1;
  }
  return print(response.result, parsed.isJson);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
