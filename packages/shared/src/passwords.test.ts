import { isCommonPassword } from './common-passwords';
import { installCommonPasswordCheck, newPasswordSchema, passwordMessages } from './passwords';

const messagesOf = (value: string): string[] => {
  const result = newPasswordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('newPasswordSchema', () => {
  beforeAll(() => installCommonPasswordCheck(isCommonPassword));

  it('when a password is shorter than 10 characters, then the only message asks for 10', () => {
    expect(messagesOf('Xq7#vLp2!')).toEqual([passwordMessages.tooShort]);
  });

  it('when a password is over 72 bytes (bcrypt ignores the rest), then it is rejected even if under 72 characters', () => {
    const multiByte = 'é'.repeat(40); // 40 characters, 80 bytes
    expect(multiByte.length).toBeLessThan(72);
    expect(messagesOf(multiByte)).toEqual([passwordMessages.tooLong]);
    const accented = 'ÀÉÎÕÜàéîõüÇçÑñÆæØøÅåÐðÞþßÿĀāĂăĄąĆćĈĉ'; // 36 characters, 72 bytes
    expect(messagesOf(accented)).toEqual([]);
    expect(messagesOf(`${accented}Ď`)).toEqual([passwordMessages.tooLong]);
  });

  it.each([
    'password123',
    'password1234',
    'qwertyuiop',
    '1234567890',
    'iloveyou12',
    'Passw0rd!!',
    'aaaaaaaaaa',
    'Summer2024!',
  ])('when the password is %j (common or a common pattern), then it is refused as too common', (password) => {
    expect(messagesOf(password)).toEqual([passwordMessages.tooCommon]);
  });

  it.each(['correct horse battery', 'bench password 1', 'q8#Lm2!vR9zT', 'Sup3r secret passphrase!'])(
    'when the password is %j (long and not common), then it is accepted',
    (password) => {
      expect(messagesOf(password)).toEqual([]);
    },
  );
});
