import { LowSync } from 'lowdb';
import { RecordingAdapter } from '../adapters/recording-adapter.js';
import type { RecordingHeader } from '../adapters/recording-file.js';
import { indexEntry, type RecordingStore } from '../adapters/recording-store.js';
import { type Recording, RECORDING_FORMAT, type SessionResult } from '../domain/recording.js';
import { errorMessage } from '../errors.js';
import type { SessionLog } from './session-log.js';

/**
 * Persists a session as it happens: each event is written when it is appended (lowdb over an
 * append-only adapter), and the store's index learns of the recording at its start and its end.
 * A failing disk never stops the session: the first error is kept and reported by `close`.
 */
export class Recorder {
  private db: LowSync<Recording> | null = null;
  private failure: string | null = null;

  constructor(
    readonly file: string,
    private readonly header: RecordingHeader,
    private readonly store: RecordingStore | null = null,
  ) {}

  attach(log: SessionLog): void {
    this.guard(() => {
      const data: Recording = { format: RECORDING_FORMAT, ...this.header, events: log.events as Recording['events'], result: null, complete: false };
      this.db = new LowSync(new RecordingAdapter(this.file), data);
      this.db.write();
      this.index();
    });
    log.subscribe(() => this.guard(() => this.db?.write()));
  }

  /** The first write error, if any (a recording that could not even be created fails at attach). */
  get error(): string | null {
    return this.failure;
  }

  /** Writes the result; `complete` is false for an aborted session. Returns the first error, if any. */
  close(result: SessionResult | null, complete: boolean): string | null {
    this.guard(() => {
      if (!this.db) return;
      // The adapter writes the tail once a result is set, so an aborted session (complete: false) keeps its result.
      this.db.data = { ...this.db.data, result, complete };
      this.db.write();
      this.index();
    });
    return this.failure;
  }

  get recording(): Recording | null {
    return this.db?.data ?? null;
  }

  private index(): void {
    if (!this.store || !this.db) return;
    // The index is a cache that list() repairs from the files, so a failed index write loses nothing.
    this.store.put(indexEntry(this.db.data, this.file, this.store.dir));
  }

  private guard(write: () => void): void {
    if (this.failure !== null) return;
    try {
      write();
    } catch (err) {
      this.failure = `${this.file}: recording not saved: ${errorMessage(err)}`;
      this.db = null;
    }
  }
}
