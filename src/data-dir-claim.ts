/**
 * One `npm start` per data directory. Two on the same DATA_DIR would run two Temporal dev servers on
 * one SQLite file (each on its own port, now that ports move when taken) before the second's
 * Postgres fails on the data directory's lock. So `npm start` first claims the directory: it
 * creates `npm-start.pid` exclusively, holding its process id, and removes it when it exits. A
 * claim whose process is gone (killed, the machine restarted) is taken over.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CLAIM_FILE = 'npm-start.pid';

/** Another live process holds the claim; the message says what to do. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/** Whether a process with this id exists (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dataDir` for this process until it exits, or throws DataDirInUseError. Taking over a
 * stale claim is not atomic: two instances starting on one directory whose last owner was killed
 * may both win; a live owner is always respected.
 */
export async function claimDataDir(dataDir: string): Promise<void> {
  const file = path.join(dataDir, CLAIM_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      process.on('exit', () => release(file));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new DataDirInUseError(
        `Another npm start (process ${owner}) runs on the data directory ${dataDir}. Stop it, or give this one a directory ` +
          `of its own (DATA_DIR=...). If no such npm start runs, remove ${file}.`,
      );
    }
    await fs.rm(file, { force: true });
  }
  throw new DataDirInUseError(`Another npm start took the data directory ${dataDir} just now; give this one a DATA_DIR of its own.`);
}

/** Synchronous, for 'exit': removes the claim if it is still ours. */
function release(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // Already gone.
  }
}
