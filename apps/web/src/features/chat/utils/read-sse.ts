/** One Server-Sent Events frame: its `event:` name ('message' when absent) and its `data:` lines joined. */
export type SseFrame = { event: string; data: string };

/**
 * Splits a text/event-stream body into frames as they arrive. Frames end at a blank line and may
 * be cut anywhere by the network, so the unfinished tail waits for the next chunk.
 */
export async function* readSseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const reader = body.getReader();
  // `stream: true` keeps a multi-byte character cut between two chunks whole.
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let endsInCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let text = decoder.decode(value, { stream: true });
      // A \r\n cut between two chunks is one line end, not two (which would end the frame early).
      if (endsInCr && text.startsWith('\n')) text = text.slice(1);
      if (text === '') continue;
      endsInCr = text.endsWith('\r');
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      // The last piece has no line end yet.
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const raw = colon === -1 ? '' : line.slice(colon + 1);
        const fieldValue = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
