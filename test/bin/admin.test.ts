/**
 * `npm run admin` as an operator runs it: a separate process against a database that starts
 * empty. The CLI is bundled once with esbuild (node_modules stay external) so no build is needed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { closeServer, listen } from '../../src/runtime';
import { connectClient } from '../../src/temporal/connection';
import { createEmptyDatabase } from '../support/db';

const REPO = path.resolve(__dirname, '../..');
let outDir: string;
let cli: string;
let database: Awaited<ReturnType<typeof createEmptyDatabase>>;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function admin(...args: string[]): Promise<Run> {
  const { API_KEYS: _retired, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...env, DATABASE_URL: database.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const secretIn = (out: string) => /^(ft_live_[0-9A-Za-z]{32})$/m.exec(out)?.[1];

beforeAll(async () => {
  // Inside the repository, so the bundle finds node_modules and migrations/ above it, as dist/ does.
  outDir = await mkdtemp(path.join(REPO, 'node_modules', '.cache-admin-cli-'));
  cli = path.join(outDir, 'admin-cli.js');
  await build({
    entryPoints: [path.join(REPO, 'src/bin/admin.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  database = await createEmptyDatabase();
});

afterAll(async () => {
  await database?.drop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('npm run admin on an empty database', () => {
  it('explains itself: usage with every command, exit 2 without one or with an unknown one', async () => {
    const bare = await admin();
    expect(bare.code).toBe(2);
    for (const command of ['create-admin', 'add-staff', 'add-team', 'issue-key', 'revoke-key', 'list-staff', 'list-keys'])
      expect(bare.stdout).toContain(command);
    const unknown = await admin('make-coffee');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "make-coffee"');
    expect((await admin('issue-key', '--help')).stdout).toContain('issue-key --staff <id> [--label <text>]');
  });

  it('creates the first admin, migrating the database first, and prints a key that the API accepts', async () => {
    const run = await admin('create-admin', '--id', 'root', '--name', 'Rosa Admin', '--email', 'rosa@example.com');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/applied \d+ migration\(s\)/);
    expect(run.stdout).toContain('Added admin root (Rosa Admin).');
    const secret = secretIn(run.stdout);
    expect(secret).toBeDefined();

    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const client: Client = await connectClient({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default' });
    const { app } = composeApi(loadConfig({ TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: database.url, PUBLIC_BASE_URL: 'http://127.0.0.1' }), {
      db: pool,
      client,
    });
    const server: Server = await listen(app, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/staff/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(await res.json()).toMatchObject({ id: 'root', name: 'Rosa Admin', role: 'admin', team: null, timezone: 'UTC' });
    } finally {
      await closeServer(server);
      await client.connection.close();
      await pool.end();
    }
  });

  it("adds a team and its staff (in the team's zone), refusing bad flags with exit 2 and taken values with exit 1, naming the flag", async () => {
    expect((await admin('add-team', '--id', 'billing', '--name', 'Billing', '--timezone', 'America/Chicago')).code).toBe(0);
    const sam = await admin('add-staff', '--id', 'sam', '--name', 'Sam Okafor', '--role', 'supervisor', '--team', 'billing', '--phone', '+14155550199');
    expect(sam).toMatchObject({ code: 0, stdout: 'Added supervisor sam (Sam Okafor) to team billing.\n' });
    const bad = await admin('add-staff', '--id', 'x', '--name', 'X', '--role', 'boss', '--team', 'billing', '--email', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role');
    expect(bad.stderr).toContain('--email must be an email address');
    const taken = await admin('add-staff', '--id', 'sam2', '--name', 'Sam Two', '--role', 'agent', '--team', 'billing', '--phone', '+14155550199');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('--phone belongs to another active staff member');
    expect((await admin('add-staff', '--id', 'dana', '--name', 'Dana', '--role', 'agent', '--team', 'nowhere', '--email', 'd@example.com')).stderr).toContain(
      '--team is not a team',
    );
    const list = await admin('list-staff');
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+ROLE\s+TEAM\s+ACTIVE\s+EMAIL\s+PHONE$/);
    expect(list.stdout).toMatch(/^sam\s+Sam Okafor\s+supervisor\s+billing\s+yes\s+\+14155550199$/m);
  });

  it('issues, lists (never with the secret) and revokes keys', async () => {
    const issued = await admin('issue-key', '--staff', 'sam', '--label', 'night shift');
    expect(issued.code).toBe(0);
    const secret = secretIn(issued.stdout) as string;
    const keyId = /API key (key_\w+) for sam/.exec(issued.stdout)?.[1] as string;
    const listed = await admin('list-keys', '--staff', 'sam');
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).toContain('night shift');
    expect(listed.stdout).not.toContain(secret);
    expect((await admin('revoke-key', keyId)).stdout).toMatch(new RegExp(`^Revoked ${keyId} of sam \\(at .+\\)\\.$`, 'm'));
    expect((await admin('list-keys', '--staff', 'sam')).stdout).toMatch(new RegExp(`${keyId}\\s+sam\\s+night shift\\s+\\S+\\s+\\d{4}-`));
    const unknown = await admin('revoke-key', 'key_nope');
    expect(unknown.code).toBe(1);
    expect((await admin('issue-key', '--staff', 'ghost')).stderr).toContain('--staff is not an active staff member');
  });
});
