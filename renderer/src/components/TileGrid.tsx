import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../app-context';
import { Splitter } from '../layout/Splitter';
import { resize, tileRects, type Rect } from '../layout/tile-rects';
import { Tile } from './Tile';

const FULL: Rect = { left: 0, top: 0, width: 100, height: 100 };
const place = (r: Rect) => ({ left: `${r.left}%`, top: `${r.top}%`, width: `${r.width}%`, height: `${r.height}%` });

/** Up to 8 live tiles, laid out by count, resizable by their splits; one may fill the area. */
export function TileGrid() {
  const changeLayout = useApp((s) => s.changeLayout);
  const layout = useApp((s) => s.layout);
  const hiddenCount = useApp((s) => s.sessionOrder.filter((id) => !s.layout.tiles.includes(id)).length);
  const hasProjects = useApp((s) => s.projects.length > 0);
  // Rendered in a fixed order and positioned: reordering moves no DOM node, so no terminal restarts.
  const stable = useApp(useShallow((s) => [...s.layout.tiles].sort()));

  if (layout.tiles.length === 0) {
    return (
      <div className="empty-workspace">
        <p>
          {hiddenCount > 0
            ? `${hiddenCount} session${hiddenCount === 1 ? ' runs' : 's run'} off-screen: pick one in the sidebar to show it.`
            : hasProjects
              ? 'No sessions yet. Start one from a project in the sidebar.'
              : 'Add a project folder in the sidebar, then start sessions in it.'}
        </p>
      </div>
    );
  }
  const { tiles, gutters } = tileRects(layout);
  return (
    <div className="grid">
      {stable.map((id) => {
        // Tiles behind a maximized one keep their own size (and their pty's), just unseen.
        const behind = layout.maximized !== null && layout.maximized !== id;
        const rect = layout.maximized === id ? FULL : tiles.get(id)!;
        return (
          <div
            key={id}
            className={`tile-slot${behind ? ' behind' : ''}${layout.maximized === id ? ' front' : ''}`}
            aria-hidden={behind || undefined}
            style={place(rect)}
          >
            <Tile sessionId={id} />
          </div>
        );
      })}
      {!layout.maximized &&
        gutters.map((g) => (
          <Splitter
            key={`${g.kind}-${g.row}-${g.col}`}
            gutter={g}
            label={
              g.kind === 'row'
                ? `Resize rows ${g.row + 1} and ${g.row + 2}`
                : `Resize tiles ${g.col + 1} and ${g.col + 2} of row ${g.row + 1}`
            }
            onResize={(delta) =>
              changeLayout((l) =>
                g.kind === 'row'
                  ? { ...l, rowSizes: resize(l.rowSizes, g.row, delta) }
                  : { ...l, colSizes: l.colSizes.map((cols, r) => (r === g.row ? resize(cols, g.col, delta) : cols)) },
              )
            }
          />
        ))}
    </div>
  );
}
