import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintOpenApi } from '../../tools/openapi/openapi';

const REPO = path.resolve(__dirname, '../..');

describe('the OpenAPI document', () => {
  // What `npm run lint:openapi` runs: Redocly's recommended rules, as redocly.yaml adjusts them.
  it('passes Redocly lint with no errors', { timeout: 30_000 }, async () => {
    const { errors, problems } = await lintOpenApi(REPO, 'json');
    const found = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
    expect(found).toEqual([]);
    expect(errors).toBe(0);
  });
});
