import { DEFAULT_ROUTING, parseRouting, routeFor } from './routing';

describe('AI routing', () => {
  it.each([
    ['chat', ['openai', 'anthropic', 'mistral', 'xai']],
    ['analysis', ['anthropic', 'openai', 'mistral', 'xai']],
    ['creative', ['openai', 'mistral', 'anthropic', 'xai']],
    ['reasoning', ['xai', 'anthropic', 'openai', 'mistral']],
    ['summary', ['mistral', 'openai', 'anthropic', 'xai']],
  ] as const)('when every provider is configured, then %s goes to %j in that order', (purpose, expected) => {
    expect(
      routeFor({ purpose, table: DEFAULT_ROUTING, configured: ['openai', 'anthropic', 'xai', 'mistral'] }),
    ).toEqual(expected);
  });

  it('when only some providers are configured, then the route keeps the preference among them', () => {
    expect(routeFor({ purpose: 'reasoning', table: DEFAULT_ROUTING, configured: ['mistral', 'openai'] })).toEqual([
      'openai',
      'mistral',
    ]);
  });

  it('when a rule lists fewer providers than are configured, then the others follow as the last fallbacks', () => {
    const table = parseRouting('analysis=mistral');
    expect(routeFor({ purpose: 'analysis', table, configured: ['openai', 'anthropic', 'mistral'] })).toEqual([
      'mistral',
      'openai',
      'anthropic',
    ]);
  });

  it('when no provider is configured, then every purpose is answered offline', () => {
    expect(routeFor({ purpose: 'creative', table: DEFAULT_ROUTING, configured: [] })).toEqual(['offline']);
  });

  it('when AI_ROUTING overrides some purposes, then the rest keep their defaults', () => {
    const table = parseRouting(' chat = anthropic>openai ; reasoning=openai ');
    expect(table.chat).toEqual(['anthropic', 'openai']);
    expect(table.reasoning).toEqual(['openai']);
    expect(table.analysis).toEqual(DEFAULT_ROUTING.analysis);
  });

  it.each([
    ['chat', 'is not purpose=provider>provider'],
    ['poetry=openai', 'unknown purpose "poetry"'],
    ['chat=openai>gemini', 'unknown provider "gemini"'],
    ['chat=openai=anthropic', 'is not purpose=provider>provider'],
  ])('when AI_ROUTING is "%s", then it is refused: %s', (text, message) => {
    expect(() => parseRouting(text)).toThrow(message);
  });
});
