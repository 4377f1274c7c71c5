import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostClient } from '../../electron/common/host-client';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

const RAW_INPUT = join(__dirname, '../fixtures/raw-input.mjs');

describe('a submitted prompt types text, never keys (real pty)', () => {
  let h: Harness;
  let client: HostClient;
  let dir: string;

  beforeEach(async () => {
    h = await startHost();
    client = h.connect();
    dir = tempDir('flotilla-raw-');
  });
  afterEach(async () => {
    await h.close();
    removeDir(dir);
    removeDir(h.dataDir);
  });

  /** Submits `text` to a program that records its input; resolves to the bytes it received. */
  /** The preset of a program that records the bytes it receives in `dir`/input.bin. */
  const saveRawInput = async (paste: 'auto' | 'never') =>
    unwrap(
      await client.request('presets.save', {
        preset: {
          id: 'raw-input',
          name: 'Raw input',
          command: `${process.execPath} ${RAW_INPUT}`,
          env: { RAW_INPUT_LOG: join(dir, 'input.bin') },
          detect: { quietMs: 100 },
          submit: { paste, enterDelayMs: 50, confirm: 'output', reactMs: 1000 },
        },
      }),
    );

  async function typed(paste: 'auto' | 'never', text: string): Promise<string> {
    const log = join(dir, 'input.bin');
    const preset = await saveRawInput(paste);
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: preset.id }));
    const session = h.host.sessions.get(info.id)!;
    await waitFor(
      () => session.screenText().some((line) => line.startsWith('ready>')),
      'the program to turn on bracketed paste',
    );
    unwrap(await session.submit(text));
    return waitFor(() => {
      try {
        const bytes = readFileSync(log, 'utf8');
        return bytes.endsWith('\r') && bytes;
      } catch {
        return false;
      }
    }, 'Enter');
  }

  it('a paste marker nested in one cannot end the paste: one paste, no ESC in it, one Enter', async () => {
    expect(await typed('auto', 'a\x1b[20\x1b[201~1~b')).toBe('\x1b[200~a[20[201~1~b\x1b[201~\r');
  });

  it('typed without bracketed paste, control characters are gone too', async () => {
    expect(await typed('never', 'a\x1b[20\x1b[201~1~\x03b\r\nc')).toBe('a[20[201~1~b\nc\r');
  });

  it('an edited preset takes effect when the session restarts, not halfway through its process', async () => {
    const log = join(dir, 'input.bin');
    const save = saveRawInput;
    const received = () => {
      try {
        return readFileSync(log, 'utf8');
      } catch {
        return '';
      }
    };
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: (await save('never')).id }),
    );
    const session = h.host.sessions.get(info.id)!;
    const prompts = (n: number) =>
      waitFor(
        () => session.screenText().filter((line) => line.startsWith('ready>')).length >= n,
        `prompt ${n} of the program`,
      );
    await prompts(1);
    await save('auto');
    unwrap(await session.submit('one'));
    await waitFor(() => received() === 'one\r', 'typed as the process started: without bracketed paste');
    expect(session.preset.submit.paste).toBe('never');

    unwrap(await client.request('sessions.restart', { sessionId: info.id }));
    await prompts(2);
    unwrap(await session.submit('two'));
    await waitFor(() => received() === 'one\r\x1b[200~two\x1b[201~\r', 'pasted, as the edited preset says');
    expect(session.preset.submit.paste).toBe('auto'); // what the queue and status detection read
  });
});
