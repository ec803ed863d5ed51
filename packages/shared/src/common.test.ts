import { emailSchema, newPasswordSchema, utf8Length } from './common';

describe('emailSchema', () => {
  it('when an address has spaces and capitals, then it is trimmed and lower-cased', () => {
    expect(emailSchema.parse('  Ada@Example.COM ')).toBe('ada@example.com');
  });
  it('when the text is not an address, then it is rejected', () => {
    expect(emailSchema.safeParse('not-an-email').success).toBe(false);
  });
});

describe('newPasswordSchema', () => {
  it('when a password is shorter than 8 characters, then it is rejected', () => {
    expect(newPasswordSchema.safeParse('short').success).toBe(false);
  });
  it('when a password is over 72 bytes (bcrypt ignores the rest), then it is rejected even if under 72 characters', () => {
    const multiByte = 'é'.repeat(40); // 40 characters, 80 bytes
    expect(multiByte.length).toBeLessThan(72);
    expect(newPasswordSchema.safeParse(multiByte).success).toBe(false);
    expect(newPasswordSchema.safeParse('é'.repeat(36)).success).toBe(true);
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
