import { emptyLayout, fitSizes, MAX_TILES, type Layout } from '../../common/layout';
import { layoutSchema } from '../../common/protocol';
import { fail, ok, type Result } from '../../common/result';
import type { SessionManager } from '../sessions/session-manager';
import type { SettingsStore } from '../store/settings-store';
import type { HostLinks } from '../remote/host-links';
import { Emitter, type Disposable } from '../../common/lifecycle';

const KEY = 'layout';

/**
 * Which sessions are tiled, in what order and sizes, which is maximized and focused. Kept
 * consistent with the sessions that exist: a new session is tiled while there is room, a closed
 * one leaves its slot.
 */
export class LayoutService implements Disposable {
  private layout: Layout;
  private readonly changed = new Emitter<Layout>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly store: SettingsStore,
    private readonly sessions: SessionManager,
    /** Sessions on other machines tile here too. */
    private readonly hosts: Pick<HostLinks, 'knowsSession' | 'onDidAddSession' | 'onDidRemoveSession' | 'onDidChange'>,
  ) {
    const saved = layoutSchema.safeParse(store.get(KEY));
    this.layout = this.sanitize(saved.success ? saved.data : emptyLayout());
    this.subscriptions = [
      sessions.onDidAdd((session) => this.tile(session.id)),
      sessions.onDidRemove(() => this.commit(this.layout)),
      hosts.onDidAddSession((id) => this.tile(id)),
      hosts.onDidRemoveSession(() => this.commit(this.layout)),
      // A host listed its sessions (or went): tiles of sessions it no longer has leave.
      hosts.onDidChange(() => this.commit(this.layout)),
    ];
  }

  /** A new session is tiled while there is room. */
  private tile(id: string): void {
    if (this.layout.tiles.length >= MAX_TILES) return;
    this.commit({ ...this.layout, tiles: [...this.layout.tiles, id], focused: id, maximized: null });
  }

  private exists(id: string | null): id is string {
    return !!id && (!!this.sessions.get(id) || this.hosts.knowsSession(id));
  }

  get(): Layout {
    return this.layout;
  }

  set(input: Layout): Result<Layout> {
    const unknown = input.tiles.filter((id) => !this.exists(id));
    if (unknown.length) return fail('NOT_FOUND', 'One of those sessions no longer exists.');
    this.commit(input);
    return ok(this.layout);
  }

  private sanitize(input: Layout): Layout {
    const tiles = [...new Set(input.tiles.filter((id) => this.exists(id)))].slice(0, MAX_TILES);
    return fitSizes({
      ...input,
      tiles,
      maximized: input.maximized && tiles.includes(input.maximized) ? input.maximized : null,
      focused: this.exists(input.focused) ? input.focused : null,
    });
  }

  private commit(input: Layout): void {
    const next = this.sanitize(input);
    if (JSON.stringify(next) === JSON.stringify(this.layout)) return;
    this.layout = next;
    this.store.set(KEY, next);
    this.changed.fire(next);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
