import { readFileSync, realpathSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename } from 'node:path';
import Database from 'better-sqlite3';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  sqlite: string;
  /** Filled in once PostgreSQL is reached. */
  postgres?: string;
  disk: string;
  /** 1-minute load average when the run started: the machine is shared, and a busy one skews every figure. */
  loadAtStart: number;
}

const readOr = (path: string, fallback: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

const cpuModel = (): string => {
  const line = readOr('/proc/cpuinfo', '')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
};

/** The mount that holds `path` (longest mount point prefix) from /proc/mounts. */
const mountOf = (path: string): { device: string; mountPoint: string; fsType: string } | undefined => {
  const real = realpathSync(path);
  let best: { device: string; mountPoint: string; fsType: string } | undefined;
  for (const line of readOr('/proc/mounts', '').split('\n')) {
    const [device, mountPoint, fsType] = line.split(' ');
    if (!device || !mountPoint || !fsType) continue;
    const inside = real === mountPoint || real.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
    if (inside && (!best || mountPoint.length > best.mountPoint.length)) best = { device, mountPoint, fsType };
  }
  return best;
};

/** Where the SQLite files go, and what the kernel says about that disk. Durability figures depend on it. */
const diskNote = (): string => {
  const mount = mountOf(tmpdir());
  if (!mount) return `SQLite files in ${tmpdir()}`;
  const device = basename(mount.device);
  const rotational = readOr(`/sys/block/${device}/queue/rotational`, '').trim();
  const kind = device.startsWith('vd') ? 'virtio virtual disk' : device.startsWith('nvme') ? 'NVMe' : 'block device';
  // virtio disks report rotational=1 by default whatever backs them: say so rather than imply a spinning disk.
  const rota =
    rotational === ''
      ? ''
      : kind.startsWith('virtio')
        ? '; its rotational flag says nothing about the host storage'
        : `, rotational=${rotational}`;
  return `SQLite files in ${tmpdir()} on ${mount.device} (${mount.fsType}, ${kind}${rota})`;
};

export const machineInfo = (): MachineInfo => {
  const db = new Database(':memory:');
  const sqlite = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v;
  db.close();
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    sqlite,
    disk: diskNote(),
    loadAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
};
