import {
  channelOf,
  postRefName,
  refFromTouch,
  revenueQuerySchema,
  touchFromUrl,
  utmSlug,
  withUtm,
  withUtmInText,
  type TouchRef,
} from './attribution';

const POST_ID = '0b6c3c2e-5d7a-4f0e-9a51-2f1b8c9d0e1f';
const post: TouchRef = { kind: 'post', id: POST_ID, name: 'Spring offer: 20% off!' };
const UTM = `utm_source=linkedin&utm_medium=social&utm_campaign=spring-offer-20-off&utm_content=post-${POST_ID}`;

describe('withUtm', () => {
  it('when a link has no UTM, then all four are added and its own query and fragment stay', () => {
    expect(withUtm('https://shop.test/p?id=7#buy', post)).toBe(`https://shop.test/p?id=7&${UTM}#buy`);
  });

  it('when the author set utm_ parameters, then theirs are kept and only the missing ones are added', () => {
    const url = new URL(withUtm('https://shop.test/?utm_source=newsletter&utm_campaign=mine', post));
    expect(url.searchParams.get('utm_source')).toBe('newsletter');
    expect(url.searchParams.get('utm_campaign')).toBe('mine');
    expect(url.searchParams.get('utm_medium')).toBe('social');
    expect(url.searchParams.get('utm_content')).toBe(`post-${POST_ID}`);
  });

  it.each(['mailto:a@b.test', '/relative/path', 'not a url', 'ftp://files.test/x'])(
    'when the link is %s, then it comes back unchanged',
    (url) => expect(withUtm(url, post)).toBe(url),
  );
});

describe('withUtmInText', () => {
  const table: [string, string][] = [
    ['See https://shop.test/a.', `See https://shop.test/a?${UTM}.`],
    ['(details: https://shop.test/a)', `(details: https://shop.test/a?${UTM})`],
    ['Wiki https://en.wiki.test/Foo_(bar) now', `Wiki https://en.wiki.test/Foo_(bar)?${UTM} now`],
    ['Two: http://a.test, https://b.test/x?y=1!', `Two: http://a.test/?${UTM}, https://b.test/x?y=1&${UTM}!`],
    ['"https://q.test/" and <https://r.test>', `"https://q.test/?${UTM}" and <https://r.test/?${UTM}>`],
    ['No links here, just www.example.test.', 'No links here, just www.example.test.'],
    ['Did you see\nhttps://s.test/p?\nend', `Did you see\nhttps://s.test/p?${UTM}?\nend`],
  ];
  it.each(table)('when the text is %j, then it reads %j', (text, expected) => {
    expect(withUtmInText(text, post)).toBe(expected);
  });

  it('when a limit is given, then links are tagged in order only while the text stays within it', () => {
    const text = 'https://a.test https://b.test';
    const once = withUtm('https://a.test', post);
    const limited = withUtmInText(text, post, { maxLength: once.length + ' https://b.test'.length });
    expect(limited).toBe(`${once} https://b.test`);
  });
});

describe('utmSlug', () => {
  it.each([
    ['Spring offer: 20% off!', 'spring-offer-20-off'],
    ['Café crème', 'cafe-creme'],
    ['!!!', 'untitled'],
    ['x'.repeat(80), 'x'.repeat(60)],
  ])('when the name is %j, then the slug is %j', (name, slug) => expect(utmSlug(name)).toBe(slug));
});

describe('refFromTouch', () => {
  it.each([
    [`post-${POST_ID}`, { kind: 'post', id: POST_ID }],
    [`campaign-${POST_ID.toUpperCase()}`, { kind: 'campaign', id: POST_ID }],
    [`followup-${POST_ID}`, { kind: 'followup', id: POST_ID }],
    ['post-123', null],
    [`video-${POST_ID}`, null],
    ['', null],
    ['spring-sale', null],
  ])('when utm_content is %j, then the ref is %j', (content, ref) => expect(refFromTouch({ content })).toEqual(ref));
});

describe('touchFromUrl', () => {
  it('when a landing URL carries UTM, then each becomes a touch field with the page and referrer', () => {
    const url = withUtm('https://site.test/pricing', post);
    expect(touchFromUrl(url, 'https://www.linkedin.com/')).toEqual({
      source: 'linkedin',
      medium: 'social',
      campaign: 'spring-offer-20-off',
      content: `post-${POST_ID}`,
      term: '',
      referrer: 'https://www.linkedin.com/',
      landingPage: url,
    });
  });

  it('when the page is not a URL, then the touch has no UTM but keeps what it was given', () => {
    expect(touchFromUrl('nonsense', '')).toMatchObject({ source: '', content: '', landingPage: 'nonsense' });
  });
});

describe('channelOf', () => {
  it.each([
    [
      { source: 'LinkedIn', medium: 'Social', referrer: 'https://google.test/' },
      'utm:linkedin/social',
      'linkedin / social',
    ],
    [{ source: 'newsletter', medium: '', referrer: '' }, 'utm:newsletter/', 'newsletter'],
    [{ source: '', medium: '', referrer: 'https://www.Google.test/search?q=x' }, 'referrer:google.test', 'google.test'],
    [{ source: '', medium: '', referrer: 'android-app://com.x' }, 'direct', 'Direct'],
    [{ source: '', medium: '', referrer: '' }, 'direct', 'Direct'],
    [null, 'none', 'Not tracked'],
  ])('when the touch is %j, then the channel is %s', (touch, key, label) =>
    expect(channelOf(touch)).toEqual({ key, label }),
  );
});

describe('postRefName', () => {
  it('when a post has a title, then it names the post; else its first eight words do', () => {
    expect(postRefName({ title: ' Launch ', body: 'x' })).toBe('Launch');
    expect(postRefName({ title: '', body: 'one two three four five six seven eight nine' })).toBe(
      'one two three four five six seven eight…',
    );
    expect(postRefName({ title: '', body: '  ' })).toBe('Untitled post');
  });
});

describe('revenueQuerySchema', () => {
  it('when the period ends before it starts or is too long, then it is refused; model defaults to first', () => {
    expect(revenueQuerySchema.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(revenueQuerySchema.safeParse({ from: '2000-01-01', to: '2026-03-01' }).success).toBe(false);
    expect(revenueQuerySchema.safeParse({ from: '2026-03-01', to: '2026-03-01', model: 'middle' }).success).toBe(false);
    expect(revenueQuerySchema.parse({ from: '2026-03-01', to: '2026-03-31' }).model).toBe('first');
  });
});
