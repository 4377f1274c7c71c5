/**
 * When a process that should stay up exits unexpectedly: restart it, unless it has done so more
 * than `max` times within `windowMs` — then it stays down with the reason, never a silent loop.
 * Pure (no electron import) so it is tested directly.
 */
export class RestartPolicy {
  private exits: number[] = [];

  constructor(
    private readonly max = 3,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an exit; answers whether to restart, or why not. */
  exited(reason: string): { restart: true } | { restart: false; why: string } {
    const now = this.now();
    this.exits = [...this.exits.filter((t) => now - t < this.windowMs), now];
    if (this.exits.length <= this.max) return { restart: true };
    return {
      restart: false,
      why: `The Flotilla daemon stopped ${this.exits.length} times in a minute and was not restarted: ${reason}`,
    };
  }
}
