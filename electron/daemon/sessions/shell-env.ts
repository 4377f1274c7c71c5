import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

export interface ShellEnv {
  env: NodeJS.ProcessEnv;
  /** Where it came from: the login shell, or this process's own (with why). */
  source: 'login-shell' | 'process';
  reason?: string;
  ms: number;
}

/** Set by the shell itself for its own process; meaningless to the programs sessions start. */
const SHELL_OWN = ['PWD', 'OLDPWD', 'SHLVL', '_', 'ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE'];

function loginShellArgs(shell: string, script: string): string[] {
  // csh and tcsh take -l only alone; every other common shell takes -i -l -c.
  return /^t?csh$/.test(basename(shell)) ? ['-ic', script] : ['-i', '-l', '-c', script];
}

/**
 * The environment a person's terminal has: their login shell, interactive, prints it between
 * markers (VS Code's shell-environment resolution). An app started from a launcher or the Dock
 * gets a bare PATH without this. A broken, slow or missing shell falls back to `base`.
 */
export function resolveShellEnv(
  shell: string,
  base: NodeJS.ProcessEnv = process.env,
  timeoutMs = 5000,
): Promise<ShellEnv> {
  const started = Date.now();
  const fallback = (reason: string): ShellEnv => ({
    env: { ...base },
    source: 'process',
    reason,
    ms: Date.now() - started,
  });
  if (process.platform === 'win32') return Promise.resolve(fallback('not resolved on Windows'));
  const mark = randomBytes(8).toString('hex');
  // This process's own binary as Node prints the environment as JSON: no quoting to get wrong.
  const print = `process.stdout.write(${JSON.stringify(mark)} + JSON.stringify(process.env) + ${JSON.stringify(mark)})`;
  const script = `'${process.execPath.replace(/'/g, `'\\''`)}' -e '${print}'`;
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    const finish = (result: ShellEnv) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(shell, loginShellArgs(shell, script), {
      // Its own process group, no terminal: a profile that waits for input is ended as a whole.
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...base, ELECTRON_RUN_AS_NODE: '1' },
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      finish(fallback(`${shell} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => finish(fallback(`${shell} could not start: ${e.message}`)));
    child.on('close', (code) => {
      const start = out.indexOf(mark);
      const end = out.lastIndexOf(mark);
      if (start < 0 || end <= start) return finish(fallback(`${shell} printed no environment (exit ${code})`));
      try {
        const env = JSON.parse(out.slice(start + mark.length, end)) as NodeJS.ProcessEnv;
        for (const key of SHELL_OWN) delete env[key];
        // The shell adds what its profile exports, and its PATH; what this process was started with
        // wins otherwise (a launcher's DISPLAY, a test's PS1, a variable set on the command line).
        finish({
          env: { ...env, ...base, PATH: env.PATH ?? base.PATH },
          source: 'login-shell',
          ms: Date.now() - started,
        });
      } catch {
        finish(fallback(`${shell} printed an environment that could not be read`));
      }
    });
  });
}
