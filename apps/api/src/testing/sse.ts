import type { ChatStreamEvent } from '@aiceo/shared/chat';
import { chatStreamEventSchema } from '@aiceo/shared/chat';

/** Parses a whole Server-Sent Events body into its events, checking each against the contract. */
export const parseSse = (body: string): ChatStreamEvent[] =>
  body
    .split('\n\n')
    .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => chatStreamEventSchema.parse(JSON.parse(line.slice('data: '.length))));

/** supertest parser that keeps an event stream as text. */
export const textParser = (res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (error: Error | null, body: string) => void) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
  });
  res.on('end', () => done(null, text));
};
