import type { SyncAdapter } from 'lowdb';
import type { Recording } from '../domain/recording.js';
import { readRecording, RecordingWriter } from './recording-file.js';

/**
 * A lowdb adapter for one recording that never rewrites the file: `write(data)` appends only the
 * events it has not written yet (one positioned write), and writes the tail when the session ends.
 * lowdb's stock adapters rewrite the whole file on every write, which grows with the session.
 */
export class RecordingAdapter implements SyncAdapter<Recording> {
  private writer: RecordingWriter | null = null;
  private written = 0;

  constructor(readonly file: string) {}

  read(): Recording | null {
    return this.writer ? null : readRecording(this.file);
  }

  write(data: Recording): void {
    if (!this.writer) {
      const { format: _f, events: _e, result: _r, complete: _c, ...header } = data;
      this.writer = RecordingWriter.create(this.file, header);
    }
    if (this.writer.closed) throw new Error(`${this.file}: recording already closed`);
    this.writer.append(data.events.slice(this.written));
    this.written = data.events.length;
    if (data.complete || data.result !== null) this.writer.finish(data.result, data.complete);
  }
}
