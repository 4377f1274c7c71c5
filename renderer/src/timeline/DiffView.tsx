import { useEffect, useRef } from 'react';
import { Diff2HtmlUI } from 'diff2html/lib/ui/js/diff2html-ui-slim.js';
import 'diff2html/bundles/css/diff2html.min.css';

/** Files above this many changed lines are collapsed to a note (the file list still names them). */
const MAX_CHANGES_PER_FILE = 1500;

/** A unified diff rendered by diff2html, with syntax highlighting; its output escapes the patch text. */
export function DiffView({ patch }: { patch: string }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!target.current) return;
    const ui = new Diff2HtmlUI(target.current, patch, {
      outputFormat: 'line-by-line',
      drawFileList: false,
      matching: 'lines',
      highlight: true,
      fileContentToggle: true,
      stickyFileHeaders: false,
      diffMaxChanges: MAX_CHANGES_PER_FILE,
      diffTooBigMessage: () => `Large change (over ${MAX_CHANGES_PER_FILE} lines): collapsed.`,
      colorScheme: 'auto' as never,
    });
    ui.draw();
    ui.highlightCode();
  }, [patch]);
  return <div className="diff" ref={target} />;
}
