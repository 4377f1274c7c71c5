import { useSyncExternalStore } from 'react';
import { fontSize, MAX_FONT_SIZE, MIN_FONT_SIZE, onFontSizeChange, setFontSize } from '../terminal/font-size';

/** The terminals' text size in this window; Ctrl/Cmd + = / − / 0 change it too. */
export function FontSizeField() {
  const size = useSyncExternalStore(onFontSizeChange, fontSize);
  return (
    <label className="font-size-field">
      Terminal text size
      <input
        type="number"
        min={MIN_FONT_SIZE}
        max={MAX_FONT_SIZE}
        value={size}
        onChange={(e) => e.target.value !== '' && setFontSize(Number(e.target.value))}
      />
      <span className="muted">px</span>
    </label>
  );
}
