import type { CheckSetup } from '../common/checks';
import { CliError, EXIT } from './cli-error';
import type { Cli } from './daemon-client';
import type { Output } from './verbs';
import { resolveProject } from './targets';

const TRUST_WORDS: Record<CheckSetup['trust'], string> = {
  off: 'off',
  proposed: 'waits for your allow (flotilla check PROJECT --allow)',
  allowed: 'on',
  changed: 'what it runs changed: it waits for your allow again (flotilla check PROJECT --allow)',
};

function describe(name: string, setup: CheckSetup): string {
  const { config, plan, trust } = setup;
  if (!config.command.trim()) return `${name}: no check command.`;
  const lines = [`${name}: check \`${config.command}\` — ${TRUST_WORDS[trust]}`];
  if (config.allowed && trust === 'allowed') lines.push(`New commits on ${config.allowed.branch} are checked.`);
  for (const part of plan?.parts ?? [])
    lines.push('', `${part.source}:`, ...part.text.split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

/**
 * `flotilla check PROJECT [--allow]`: what the project's check runs and whether it may; --allow
 * allows exactly what it shows (the plan's fingerprint at this moment).
 */
export async function check(cli: Cli, target: string, allow: boolean): Promise<Output> {
  const project = await resolveProject(cli, target);
  let setup = await cli.call('checks.config', { projectId: project.id });
  if (allow) {
    if (!setup.plan)
      throw new CliError(
        `${project.name} has no check command to allow: set one in the window's check settings.`,
        EXIT.failed,
        'NO_CHECK',
      );
    setup = await cli.call('checks.allow', { projectId: project.id, fingerprint: setup.plan.fingerprint });
  }
  return { text: describe(project.name, setup), json: setup };
}
