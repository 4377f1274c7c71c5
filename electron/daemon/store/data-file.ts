import { CorruptDatabaseError, openDatabase, type Database } from './database';

/**
 * Opens the data file. A damaged one (set aside by openDatabase, never deleted) is replaced by
 * a new one, with a warning for every client. A file it must not touch (a newer schema) still
 * stops Flotilla.
 */
export function openDataFile(file: string): { db: Database; warnings: string[] } {
  try {
    return { db: openDatabase(file), warnings: [] };
  } catch (e) {
    if (!(e instanceof CorruptDatabaseError)) throw e;
    const warning = `Flotilla's database was damaged (${e.message}), so it started with a new one: the projects, sessions, queues and history it held are not shown. The damaged file is kept as ${e.keptAs}.`;
    return { db: openDatabase(file), warnings: [warning] };
  }
}
