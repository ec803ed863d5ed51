import type { ChatStreamEvent } from '@aiceo/shared/chat';
import { chatStreamEventSchema } from '@aiceo/shared/chat';

/** Parses a whole Server-Sent Events body into its events, checking each against the contract. */
export const parseSse = (body: string): ChatStreamEvent[] =>
  body
    .split('\n\n')
    .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => chatStreamEventSchema.parse(JSON.parse(line.slice('data: '.length))));
