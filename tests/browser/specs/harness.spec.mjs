// The fixtures' server start fails at once, with a clear message, when the ready line is
// broken: a stand-in for `sightline` prints what a broken server would.
import { test, expect, startServer } from './fixtures.mjs';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PASSWORD_LINE = 'echo "  Sign in at http://127.0.0.1:1 as admin@e2e.example with password pw"';

// Far longer than any case below may take: each must fail on what it read, not on the clock.
const NEVER_MS = 600_000;

const broken = [
  ['exits before it is ready', `${PASSWORD_LINE}\nexit 3`, /the server exited with 3/],
  ['prints a malformed ready line', `${PASSWORD_LINE}\necho '{"event":"ready",'\nexec sleep 600`, /malformed ready line/],
  ['prints a ready line without url', `${PASSWORD_LINE}\necho '{"event":"ready"}'\nexec sleep 600`, /the ready line has no url/],
];

// Runs `use` with the path of an executable stand-in running `script`.
async function withStandIn(script, use) {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-fake-'));
  const bin = join(dir, 'sightline');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  try {
    await use(bin);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [what, script, message] of broken) {
  test(`starting a server that ${what} fails fast`, async () => {
    await withStandIn(script, (bin) => expect(startServer(bin, NEVER_MS)).rejects.toThrow(message));
  });
}

test('starting a server that never prints its ready line fails at the deadline, with its output', async () => {
  await withStandIn(`${PASSWORD_LINE}\nexec sleep 600`, (bin) => expect(startServer(bin, 1_000)).rejects.toThrow(/not ready in time[\s\S]*with password pw/));
});
