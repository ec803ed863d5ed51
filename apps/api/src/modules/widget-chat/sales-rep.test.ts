import { emptyCapturedFields } from '@aiceo/shared/widget';
import { scriptedReply, type RepProfile } from './sales-rep';

const profile = {
  orgName: 'Acme Web',
  settings: {} as RepProfile['settings'],
  offer: {
    services: 'Online catalogues and shops for manufacturers',
    prices: 'From $4,000 per project',
    hours: 'Mon-Fri 9-17',
    faq: [{ question: 'Do you do maintenance?', answer: 'Yes, from $200 a month.' }],
  },
  domains: [],
} satisfies RepProfile;

describe('scriptedReply (the offline sales rep)', () => {
  it('when a short FAQ question is asked, then its answer is given, after the thanks, as a full sentence', () => {
    const after = { ...emptyCapturedFields, name: 'Sam Lee' };
    const reply = scriptedReply({
      profile,
      text: 'Hi, do you do maintenance for online shops? I am Sam Lee',
      before: emptyCapturedFields,
      after,
      asked: new Set(),
    });
    expect(reply.startsWith('Nice to meet you, Sam! Yes, from $200 a month.')).toBe(true);
  });

  it('when the price is asked, then the owner’s price text ends as a sentence before the next question', () => {
    const after = { ...emptyCapturedFields, need: 'a new catalogue' };
    const reply = scriptedReply({
      profile,
      text: 'We need a new catalogue. What does it cost?',
      before: emptyCapturedFields,
      after,
      asked: new Set(),
    });
    expect(reply).toMatch(/^Thanks, that helps\. From \$4,000 per project\. \S/);
  });
});
