import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** `${dataDir}/pglite`, the embedded database's directory. */
export function pgliteDir(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

/**
 * Opens (creating if missing) an embedded PostgreSQL in `dir`, or in memory for `memory://…`.
 * One process at a time may open a directory.
 */
export async function openPglite(dir: string): Promise<PGlite> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  await client.waitReady;
  return client;
}

/**
 * Claims `dir` for this process (PGlite has no lock of its own; two processes writing one directory
 * corrupt it). A claim left by a process that no longer runs is taken over. Returns the release.
 */
export function claimPgliteDir(dir: string): () => void {
  const lockPath = `${dir}.pid`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner === process.pid) throw new Error(`${dir} is already open in this process`);
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(
          `${dir} is in use by process ${owner}: the embedded database serves one process. ` +
            'Stop the running product first, or upload files at its /admin/import page.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Cannot claim ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
