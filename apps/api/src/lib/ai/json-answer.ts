/**
 * The JSON an AI answer holds, found inside code fences or prose: the text from the first opening
 * bracket of the kind asked for to the last closing one, parsed; undefined when there is none or it
 * does not parse. Callers check the shape with their own schema.
 */
export const jsonInAnswer = (text: string, kind: 'array' | 'object'): unknown => {
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{', '}'];
  const unfenced = text.replace(/```(?:json)?/gi, '');
  const start = unfenced.indexOf(open);
  const end = unfenced.lastIndexOf(close);
  if (start === -1 || end <= start) return undefined;
  try {
    return JSON.parse(unfenced.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
};
