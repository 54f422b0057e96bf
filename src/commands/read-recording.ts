import { readRecording } from '../adapters/recording-file.js';
import type { Recording } from '../domain/recording.js';
import { safeLine, UserError } from '../errors.js';
import type { CliIo } from '../io.js';

/**
 * A recording a command goes over among others: read it, or say in one stderr line why it cannot be
 * read and give null, so the command reports the rest and exits 2 at the end.
 */
export function readRecordingOrSay(file: string, io: CliIo): Recording | null {
  try {
    return readRecording(file);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
    return null;
  }
}
