import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../app-context';
import { gridColumns } from './grid-columns';
import { Tile } from './Tile';

export function TileGrid() {
  const ids = useApp(useShallow((s) => s.sessionOrder));
  const hasProjects = useApp((s) => s.projects.length > 0);
  if (ids.length === 0) {
    return (
      <div className="empty-workspace">
        <p>{hasProjects ? 'No sessions yet. Start one from a project in the sidebar.' : 'Add a project folder in the sidebar, then start sessions in it.'}</p>
      </div>
    );
  }
  return (
    <div className="grid" style={{ gridTemplateColumns: `repeat(${gridColumns(ids.length)}, minmax(0, 1fr))` }}>
      {ids.map((id) => (
        <Tile key={id} sessionId={id} />
      ))}
    </div>
  );
}
