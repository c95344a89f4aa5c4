/**
 * A process of the system under test (worker, API, sink), run as production runs it: `node <script>`
 * configured by its environment. Output goes to a log file; readiness is a line the process prints.
 * Like a process supervisor (compose's `restart: always`), an unexpected exit is followed by
 * restarts until one stays up, and counted: the suite reports it rather than hiding it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { track } from '../bench/cleanup';

export interface ServiceOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  logFile: string;
  /** The line that says the process is ready; its match is returned by start(). */
  ready: RegExp;
  log: (line: string) => void;
  /** Restart after an unexpected exit (default); off for the sink, whose restart would lose what it counted. */
  supervised?: boolean;
}

/** Thrown when a service exits, or stays silent, before it printed its ready line. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
/** A supervisor's pause between restarts, so a process that cannot start (its database is down) does not spin. */
const RESTART_DELAY_MS = 1_000;

export class Service {
  /** Exits nobody asked for. */
  unexpectedExits = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Bumped by every start, kill and stop the suite asks for: a supervisor's restarts belong to one generation. */
  private generation = 0;
  private readonly logStream;

  constructor(private readonly opts: ServiceOptions) {
    this.logStream = createWriteStream(opts.logFile, { flags: 'a' });
    // Whatever process is current when the suite ends (or is interrupted) is stopped with it.
    track(
      opts.name,
      () => this.stop(),
      () => this.child?.kill('SIGKILL'),
    );
  }

  /** Starts the process and resolves with the match of its ready line. */
  start(): Promise<RegExpMatchArray> {
    this.generation += 1;
    return this.spawn();
  }

  /** SIGKILL: no drain, no goodbye, as when the machine under a process dies. */
  async kill(): Promise<void> {
    this.generation += 1;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL when it does not drain in time. */
  async stop(): Promise<void> {
    this.generation += 1;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private async spawn(): Promise<RegExpMatchArray> {
    const { name, logFile } = this.opts;
    const generation = this.generation;
    const child = spawn(process.execPath, [this.opts.script], { env: { ...process.env, ...this.opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr.pipe(this.logStream, { end: false });
    const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ServiceStartError(`${name} printed no ready line within ${READY_TIMEOUT_MS / 1000} s (see ${logFile})`)),
        READY_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.logStream.write(`${line}\n`);
        const match = this.opts.ready.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new ServiceStartError(`${name} exited (${code ?? signal}) before it was ready (see ${logFile})`));
      });
    });
    child.once('exit', (code, signal) => {
      if (generation !== this.generation || this.child !== child) return;
      this.unexpectedExits += 1;
      if (this.opts.supervised === false) return this.opts.log(`  ! ${name} exited by itself (${code ?? signal}); see ${logFile}`);
      this.opts.log(`  ! ${name} exited by itself (${code ?? signal}); restarting it as a supervisor would, until it stays up`);
      void this.restart(generation);
    });
    return ready;
  }

  private async restart(generation: number): Promise<void> {
    for (let attempt = 1; generation === this.generation; attempt++) {
      await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
      if (generation !== this.generation) return;
      try {
        await this.spawn();
        this.opts.log(`  ${this.opts.name} is up again (attempt ${attempt})`);
        return;
      } catch {
        // Still cannot start (e.g. its database is down): try again, as a supervisor does.
      }
    }
  }
}
