import { readFileSync } from 'node:fs';

/**
 * True when the shell itself holds its terminal's foreground (it waits at its prompt), false
 * when a child does, undefined where /proc cannot say (not Linux).
 */
export function shellInForeground(shellPid: number): boolean | undefined {
  try {
    const stat = readFileSync(`/proc/${shellPid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty_nr tpgid ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[5]) === shellPid;
  } catch {
    return undefined;
  }
}
