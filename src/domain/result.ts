/** What a parse or check gives back instead of throwing: the value, or why there is none. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };
