import { useState } from 'react';
import { useActions, useApp } from '../app-context';

const TEMPLATE = {
  id: 'my-agent',
  name: 'My agent',
  command: 'my-agent --flag',
  env: {},
  kind: 'agent',
  detect: { busy: ['esc to interrupt'], idle: ['^> '], needsInput: ['\\(y/n\\)'], quietMs: 800 },
  submit: { paste: 'auto', enterDelayMs: 300, confirm: 'busy', reactMs: 10000 },
  hooks: 'none',
};

/** Edit agent presets as JSON: the host validates and says which field is wrong. */
export function PresetsEditor() {
  const { savePreset, removePreset } = useActions();
  const presets = useApp((s) => s.presets);
  const [selectedId, setSelectedId] = useState<string>('');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const selected = presets.find((p) => p.id === selectedId);

  const load = (id: string) => {
    setSelectedId(id);
    setMessage(null);
    const preset = presets.find((p) => p.id === id);
    const { builtIn: _builtIn, ...editable } = preset ?? { ...TEMPLATE, builtIn: false };
    setText(JSON.stringify(editable, null, 2));
  };

  const save = async () => {
    let preset: unknown;
    try {
      preset = JSON.parse(text);
    } catch (e) {
      return setMessage({ kind: 'error', text: `Not valid JSON: ${(e as Error).message}` });
    }
    const r = await savePreset(preset);
    if (!r) return;
    if (r.ok) {
      setSelectedId(r.value.id);
      setMessage({ kind: 'ok', text: `Saved ${r.value.name}. New sessions use it; running ones keep theirs.` });
    } else setMessage({ kind: 'error', text: r.error.message });
  };

  const remove = async () => {
    const r = await removePreset(selectedId);
    if (r && !r.ok) return setMessage({ kind: 'error', text: r.error.message });
    setMessage({ kind: 'ok', text: selected?.builtIn ? 'Restored the built-in preset.' : 'Deleted.' });
    if (selected?.builtIn) load(selectedId);
    else setSelectedId('');
  };

  return (
    <details
      className="presets"
      onToggle={(e) => (e.currentTarget.open && !text ? load(presets[0]?.id ?? '') : undefined)}
    >
      <summary>Agent presets</summary>
      <div className="row">
        <select aria-label="Preset to edit" value={selectedId} onChange={(e) => load(e.target.value)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          {!selected && <option value="">New preset</option>}
        </select>
        <button type="button" onClick={() => load('')}>
          New
        </button>
      </div>
      <textarea
        aria-label="Preset JSON"
        className="json"
        spellCheck={false}
        value={text}
        rows={14}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="row">
        <button type="button" onClick={save}>
          Save preset
        </button>
        {selected && (
          <button type="button" onClick={remove}>
            {selected.builtIn ? 'Restore default' : 'Delete preset'}
          </button>
        )}
      </div>
      {message && (
        <p
          className={message.kind === 'error' ? 'error' : 'muted'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </details>
  );
}
