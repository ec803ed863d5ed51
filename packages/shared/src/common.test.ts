import { emailSchema, utf8Length } from './common';

describe('emailSchema', () => {
  it('when an address has spaces and capitals, then it is trimmed and lower-cased', () => {
    expect(emailSchema.parse('  Ada@Example.COM ')).toBe('ada@example.com');
  });
  it('when the text is not an address, then it is rejected', () => {
    expect(emailSchema.safeParse('not-an-email').success).toBe(false);
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('when measuring %j, then it is %i bytes', (value, bytes) => {
    expect(utf8Length(value)).toBe(bytes);
  });
});
