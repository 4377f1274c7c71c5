/**
 * How a session saved by an earlier host came back when this one started: its agent continues
 * its conversation, or it runs as a new process without it (why, in words). A session that is
 * not running at all says so itself, with its exit.
 */
export type Comeback = { resumed: true } | { resumed: false; why: string };
