import { expect, it } from 'vitest';
import { checkConfigOf } from '../../electron/common/checks';

const defaults = {
  command: '',
  enabled: false,
  timeoutS: 600,
  autoFix: false,
  env: [],
  detected: null,
  allowed: null,
  declined: null,
};

it('saved check settings of an older Flotilla or a bad shape read back with defaults that allow nothing', () => {
  const allowed = { fingerprint: 'f', branch: 'main', at: 1 };
  const saved = {
    command: 'npm test',
    enabled: true,
    timeoutS: 60,
    autoFix: true,
    env: ['API_KEY'],
    detected: 'npm test',
    allowed,
    declined: null,
  };
  expect(checkConfigOf(saved)).toEqual(saved);
  expect(checkConfigOf({ command: 'npm test', enabled: true, timeoutS: 60, autoFix: false })).toEqual({
    ...defaults,
    command: 'npm test',
    enabled: true,
    timeoutS: 60,
  });
  expect(
    checkConfigOf({ ...saved, timeoutS: -1, env: ['FLOTILLA_TOKEN'], allowed: { fingerprint: 3 }, enabled: 'yes' }),
  ).toEqual({ ...saved, timeoutS: 600, env: [], allowed: null, enabled: false });
  expect(checkConfigOf('npm test')).toEqual(defaults);
  expect(checkConfigOf(null)).toEqual(defaults);
});
