/**
 * src/workflows/legacy/ is model 1 of the commitment workflow, kept so that histories recorded
 * before `commitment-model-2` replay (test/workflows/replay.test.ts, the *.v0 and *.v1 recordings). Only
 * replay exercises it, and only along the paths those recordings took, so an edit elsewhere in it
 * would first show when a commitment started on model 1 wakes up in production. This test holds the
 * folder's file list and each file's sha256. Reads files only: no servers.
 *
 * It does not freeze what the folder imports from outside it (src/shared/contract.ts, vocab.ts,
 * model.ts, quiet-hours.ts, messages/templates.ts, @temporalio/workflow): replaying the recorded
 * histories is what guards those.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(__dirname, '../../src/workflows/legacy');

/** Every file of src/workflows/legacy/ and its sha256 (line endings read as LF). */
const FROZEN: Record<string, string> = {
  'commitment.ts': '61b89a9da3ab30ef4d6eedd598a3e5bce1e922793dd805abe060fd0feca8f48a',
  'contract.ts': 'b2d4083948213d24e60dec76c6762fe4e32fd269b825bba74e669c2011374099',
  // Re-hashed once, deliberately, for a comment-only change (its rule now cites docs/domain.md#escalation);
  // test/workflows/replay.test.ts replayed every recording against it.
  'handlers.ts': '32deb7cf6c6ea3b13284a32c7a6a12c09769966eeffa835d4b30f8bfc2e288bb',
  'machine.ts': '7ed637ffbc1b18f2d410e306999918a0d4d8b6bccdea26fc17830a5c8abb793c',
  'steps.ts': '23d98e06756f1c0dd313cc37052ab0d0193a508f99b6efadcde18a8a467c4b84',
};

const WHY = [
  'src/workflows/legacy/ is frozen. Commitments started before `commitment-model-2` record histories that replay',
  'against this code, which must issue exactly the commands they recorded; a change here (even a comment or an',
  'import) is not what those commitments ran, and test/workflows/replay.test.ts only covers the paths its few recordings took.',
  'Undo the change. New behaviour goes in the current model (src/workflows/, behind patched() for running commitments);',
  'src/workflows/upgrade.ts brings a model-1 run to model 2 when it continues as new.',
  'Change this list only when deliberately deleting the legacy model, once no commitment started on it can replay',
  '(docs/architecture.md, Decisions, "the old model is frozen, not edited", says how to check): then delete the folder,',
  "commitment.ts's `!patched(MODEL_2)` branch, the model-1 activities (src/activities/legacy-deliver.ts), the *.v0 and",
  '*.v1 histories and this test together.',
].join('\n');

function files(dir: string, under = ''): string[] {
  return fs.readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => {
    const rel = under ? `${under}/${e.name}` : e.name;
    return e.isDirectory() ? files(dir, rel) : [rel];
  });
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).digest('hex');

describe('the frozen legacy model', () => {
  it('holds the same files as when it was frozen, byte for byte', () => {
    const now = Object.fromEntries(
      files(DIR)
        .sort()
        .map((f) => [f, sha256(path.join(DIR, f))]),
    );
    expect(now, WHY).toEqual(FROZEN);
  });
});
