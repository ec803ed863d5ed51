/** The text cut to at most `max` characters, ending in "..." when it was cut. */
export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 3).trimEnd()}...` : text;
