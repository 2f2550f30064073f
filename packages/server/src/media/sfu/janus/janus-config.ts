/**
 * Generates a private Janus configuration for a supervised child process, from the system's
 * /etc/janus/janus.jcfg (which says where the Debian package put plugins and transports):
 * only the VideoRoom plugin, only the WebSocket transport bound to 127.0.0.1, its own RTP
 * port range, no JSON logger, and VideoRoom's RTP forwarding and recording locked behind a
 * random admin key that only this server knows (issue 3, "The SFU"). Its WebSocket API needs a
 * random `api_secret` too (issue 7): anything else on this machine that finds the loopback port
 * cannot create sessions.
 *
 * Each folder records its owner (the server's pid): a server killed outright (SIGKILL) cannot
 * remove its folder, and the next server's start removes it (`removeStaleJanusFolders`).
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface JanusConfigOptions {
  /** Where the Debian package keeps its configuration (default /etc/janus). */
  systemConfigDir?: string;
  wsPort: number;
  rtpPortRange: { min: number; max: number };
  /** Secret for VideoRoom admin requests (room creation, RTP forwarding). */
  adminKey: string;
  /** Secret every Janus API request must carry (`apisecret`). */
  apiSecret: string;
  /** The process that owns the folder (default: this one). */
  ownerPid?: number;
  /** Where the folder goes (default the system's temp folder). */
  parentDir?: string;
}

/** Supervised Janus folders are `<temp>/samtale-janus-XXXXXX`. */
export const JANUS_FOLDER_PREFIX = 'samtale-janus-';
/** The file in each folder that holds the owner's pid. */
export const OWNER_FILE = 'owner.pid';

export interface GeneratedJanusConfig {
  dir: string;
  configFile: string;
}

const DEFAULT_FOLDERS = {
  plugins_folder: '/usr/lib/x86_64-linux-gnu/janus/plugins',
  transports_folder: '/usr/lib/x86_64-linux-gnu/janus/transports',
  events_folder: '/usr/lib/x86_64-linux-gnu/janus/events',
  loggers_folder: '/usr/lib/x86_64-linux-gnu/janus/loggers',
};
type FolderKey = keyof typeof DEFAULT_FOLDERS;

/** The folder settings of the system's janus.jcfg (so other architectures work too). */
async function systemFolders(systemConfigDir: string): Promise<Record<FolderKey, string>> {
  const folders = { ...DEFAULT_FOLDERS };
  const text = await readFile(path.join(systemConfigDir, 'janus.jcfg'), 'utf8').catch(() => '');
  for (const key of Object.keys(folders) as FolderKey[]) {
    const match = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]+)"`, 'm').exec(text);
    if (match?.[1] !== undefined) folders[key] = match[1];
  }
  return folders;
}

/** Every shared library in `folder` except `keep` (Janus loads all it finds unless disabled). */
async function othersIn(folder: string, keep: readonly string[]): Promise<string> {
  const names = await readdir(folder).catch((): string[] => []);
  return names.filter((n) => n.endsWith('.so') && !keep.includes(n)).join(',');
}

/** Writes the configuration into a fresh private temp folder and returns where. */
export async function generateJanusConfig(options: JanusConfigOptions): Promise<GeneratedJanusConfig> {
  const folders = await systemFolders(options.systemConfigDir ?? '/etc/janus');
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), JANUS_FOLDER_PREFIX));
  // First, so that a folder with secrets in it always says whose it is.
  await writeFile(path.join(dir, OWNER_FILE), `${options.ownerPid ?? process.pid}\n`, { mode: 0o600 });
  const { min, max } = options.rtpPortRange;
  const q = (s: string): string => JSON.stringify(s);
  const janus = `general: {
  configs_folder = ${q(dir)}
  plugins_folder = ${q(folders.plugins_folder)}
  transports_folder = ${q(folders.transports_folder)}
  events_folder = ${q(folders.events_folder)}
  loggers_folder = ${q(folders.loggers_folder)}
  debug_level = 3
  api_secret = ${q(options.apiSecret)}
  # Users never reach Janus: only our server talks to its API, on loopback.
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/initrd", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  rtp_port_range = "${min}-${max}"
}
nat: {
  # Keep ICE on this machine's real interfaces; loopback is not offered by browsers anyway.
  ignore_mdns = true
}
plugins: {
  disable = ${q(await othersIn(folders.plugins_folder, ['libjanus_videoroom.so']))}
}
transports: {
  disable = ${q(await othersIn(folders.transports_folder, ['libjanus_websockets.so']))}
}
loggers: {
  disable = ${q(await othersIn(folders.loggers_folder, []))}
}
events: {
  broadcast = false
}
`;
  const websockets = `general: {
  json = "compact"
  ws = true
  ws_port = ${options.wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`;
  // Rooms are created through the API only, and rtp_forward / recording need the admin key.
  const videoroom = `general: {
  admin_key = ${q(options.adminKey)}
  lock_rtp_forward = true
  lock_record = true
}
`;
  const configFile = path.join(dir, 'janus.jcfg');
  await writeFile(configFile, janus, { mode: 0o600 });
  await writeFile(path.join(dir, 'janus.transport.websockets.jcfg'), websockets, { mode: 0o600 });
  await writeFile(path.join(dir, 'janus.plugin.videoroom.jcfg'), videoroom, { mode: 0o600 });
  return { dir, configFile };
}

/** False only when no process has this pid (EPERM: it exists, owned by someone else). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the supervised-Janus folders in `parentDir` whose owner process is gone (a server
 * killed with SIGKILL leaves its folder, with the VideoRoom admin key and API secret, behind).
 * A folder without a readable owner, or whose owner still runs (another server on this machine),
 * is left alone: a reused pid can only keep a stale folder, never remove a live one.
 * Returns the folders removed.
 */
export async function removeStaleJanusFolders(parentDir: string = os.tmpdir()): Promise<string[]> {
  const names = await readdir(parentDir).catch((): string[] => []);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(JANUS_FOLDER_PREFIX)) continue;
    const dir = path.join(parentDir, name);
    const owner = Number((await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim());
    if (!Number.isSafeInteger(owner) || owner <= 0 || owner === process.pid || isProcessAlive(owner)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
