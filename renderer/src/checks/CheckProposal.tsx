import type { CheckSetup } from '../../../electron/common/checks';
import { useActions } from '../app-context';

/**
 * A check waiting for its person: the command, what it runs at the newest commit (script bodies,
 * recipes, files), and the yes or no. Nothing runs before the yes; a commit that changes what
 * runs brings this back.
 */
export function CheckProposal({ setup, projectName }: { setup: CheckSetup; projectName: string }) {
  const { allowCheck, declineCheck } = useActions();
  const plan = setup.plan;
  if (!plan) return null;
  const changed = setup.trust === 'changed';
  const extra = setup.config.env.length ? `, and ${setup.config.env.join(', ')}` : '';
  return (
    <section className="check-proposal" aria-label={`Check of ${projectName} waits for you`}>
      <p>
        <strong>
          {changed ? `What the check of ${projectName} runs changed.` : `Check each new commit of ${projectName}?`}
        </strong>
      </p>
      <p>
        It runs <code>{plan.command}</code>
        {plan.parts.length ? (changed ? ', which now runs:' : ', which runs:') : '.'}
      </p>
      {plan.parts.map((part) => (
        <figure key={part.source}>
          <figcaption>{part.source}</figcaption>
          <pre aria-label={`What ${part.source} runs`}>{part.text}</pre>
        </figure>
      ))}
      <p className="muted">
        It runs the commit&apos;s code as you, in a checkout under your cache folder, with only PATH, HOME, LANG and
        TERM of your environment{extra}.
      </p>
      <div className="row">
        <button onClick={() => allowCheck(setup.projectId, plan.fingerprint)}>Check every new commit</button>
        <button onClick={() => declineCheck(setup.projectId)}>Not now</button>
      </div>
    </section>
  );
}
