import { type RecordingHeader, RecordingWriter } from '../adapters/recording-file.js';
import type { SessionResult } from '../domain/recording.js';
import { errorMessage } from '../errors.js';
import type { SessionLog } from './session-log.js';

/**
 * Persists a session's events as they happen. A failing disk never stops the session: the first
 * error is kept (and reported by `close`), later writes are skipped.
 */
export class Recorder {
  private writer: RecordingWriter | null = null;
  private failure: string | null = null;

  constructor(readonly file: string, private readonly header: RecordingHeader) {}

  attach(log: SessionLog): void {
    this.guard(() => {
      this.writer = RecordingWriter.create(this.file, this.header);
      this.writer.append(log.events);
    });
    log.subscribe((event) => this.guard(() => this.writer?.append([event])));
  }

  /** Writes the result; `complete` is false for an aborted session. Returns the first error, if any. */
  close(result: SessionResult | null, complete: boolean): string | null {
    this.guard(() => {
      if (this.writer && !this.writer.closed) this.writer.finish(result, complete);
    });
    return this.failure;
  }

  private guard(write: () => void): void {
    if (this.failure !== null) return;
    try {
      write();
    } catch (err) {
      this.failure = `${this.file}: recording not saved: ${errorMessage(err)}`;
      this.writer = null;
    }
  }
}
