/**
 * One `npm start` per data directory (src/data-dir-claim.ts): a live owner's claim is refused with
 * what to do, a dead owner's is taken over. The claim's release at exit is seen in test/bin/side-by-side.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_FILE, claimDataDir, DataDirInUseError } from '../src/data-dir-claim';

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ft-claim-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The id of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('claiming the data directory', () => {
  it('writes this process’s id into a fresh directory', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'fresh-'));
    await claimDataDir(dir);
    expect((await fs.readFile(path.join(dir, CLAIM_FILE), 'utf8')).trim()).toBe(String(process.pid));
  });

  it('refuses a directory a live process holds, saying what to do', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'held-'));
    const owner = process.ppid;
    await fs.writeFile(path.join(dir, CLAIM_FILE), `${owner}\n`);
    const attempt = claimDataDir(dir);
    await expect(attempt).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(attempt).rejects.toThrow(`Another npm start (process ${owner}) runs on the data directory ${dir}. Stop it, or give`);
    expect((await fs.readFile(path.join(dir, CLAIM_FILE), 'utf8')).trim()).toBe(String(owner));
  });

  it('takes over the claim of a process that is gone', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'stale-'));
    await fs.writeFile(path.join(dir, CLAIM_FILE), `${await deadPid()}\n`);
    await claimDataDir(dir);
    expect((await fs.readFile(path.join(dir, CLAIM_FILE), 'utf8')).trim()).toBe(String(process.pid));
  });
});
