import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DYNAMIC_CONFIG, dynamicConfigYaml } from '../../src/temporal/server-config';

describe('Temporal server dynamic config', () => {
  it('gives the docker-compose server the same settings as the embedded dev server', () => {
    const file = fs.readFileSync(path.resolve(__dirname, '../../deploy/temporal/dynamicconfig.yaml'), 'utf8');
    const settings = file
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .join('\n');
    expect(settings).toBe(dynamicConfigYaml().trimEnd());
    expect(Object.keys(DYNAMIC_CONFIG)).toContain('matching.useNewMatcher');
  });

  it('mounts that file where docker-compose tells the server to read it', () => {
    const compose = fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
    expect(compose).toContain('./deploy/temporal/dynamicconfig.yaml:/etc/temporal/config/dynamicconfig/followthrough.yaml');
    expect(compose).toContain('DYNAMIC_CONFIG_FILE_PATH: config/dynamicconfig/followthrough.yaml');
  });
});
