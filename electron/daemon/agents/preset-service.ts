import { agentPreset, SHELL_PRESET_ID, type AgentPreset } from '../../common/agents';
import { fail, ok, type Result } from '../../common/result';
import type { PresetStore } from '../store/preset-store';
import { Emitter } from '../../common/lifecycle';
import { DEFAULT_PRESETS } from './default-presets';
import { nonLinearPattern } from './linear-patterns';

const BUILT_IN = new Map(DEFAULT_PRESETS.map((p) => [p.id, agentPreset.parse({ ...p, builtIn: true })]));

/** Built-in presets overlaid with what the person saved. */
export class PresetService {
  private readonly saved = new Map<string, AgentPreset>();
  private readonly changed = new Emitter<AgentPreset[]>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: PresetStore,
    log: (message: string) => void = () => {},
  ) {
    for (const raw of store.list()) {
      const parsed = agentPreset.safeParse(raw);
      if (parsed.success) this.saved.set(parsed.data.id, parsed.data);
      else log(`ignored a saved preset that no longer validates: ${parsed.error.issues[0]?.message}`);
    }
  }

  list(): AgentPreset[] {
    const ids = new Set([...BUILT_IN.keys(), ...this.saved.keys()]);
    return [...ids].map((id) => this.get(id)!);
  }

  get(id: string): AgentPreset | undefined {
    const saved = this.saved.get(id);
    return saved ? { ...saved, builtIn: BUILT_IN.has(id) } : BUILT_IN.get(id);
  }

  /** The shell preset, also what sessions of a deleted preset fall back to. */
  getOrShell(id: string): AgentPreset {
    return this.get(id) ?? this.get(SHELL_PRESET_ID)!;
  }

  save(input: unknown): Result<AgentPreset> {
    const parsed = agentPreset.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('BAD_REQUEST', `The preset is not valid: ${issue.path.join('.') || 'preset'} ${issue.message}.`);
    }
    const slow = nonLinearPattern(parsed.data);
    if (slow) return fail('BAD_REQUEST', `The preset is not valid: ${slow}.`);
    const preset = { ...parsed.data, builtIn: BUILT_IN.has(parsed.data.id) };
    this.store.save(preset);
    this.saved.set(preset.id, preset);
    this.changed.fire(this.list());
    return ok(preset);
  }

  /** Deletes a preset of the person's own, or restores a built-in one to its defaults. */
  remove(id: string): Result<null> {
    if (!this.saved.has(id))
      return fail('NOT_FOUND', BUILT_IN.has(id) ? 'That built-in preset has no changes to undo.' : 'No such preset.');
    this.store.delete(id);
    this.saved.delete(id);
    this.changed.fire(this.list());
    return ok(null);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
