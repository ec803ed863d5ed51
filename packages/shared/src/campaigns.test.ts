import { bodyWithUnsubscribe, hasUnsubscribeLink, renderTemplate, unknownTemplateVariables } from './campaigns';

describe('renderTemplate', () => {
  const table: [string, Record<string, string>, string][] = [
    ['Hi {{firstName}}', { firstName: 'Ann' }, 'Hi Ann'],
    ['Hi {{ firstName }}!', { firstName: 'Ann' }, 'Hi Ann!'],
    ['At {{company}}.', {}, 'At .'],
    ['At {{company|your company}}.', { company: '  ' }, 'At your company.'],
    ['At {{company | your company }}.', { company: 'Acme' }, 'At Acme.'],
    ['{{name}} <{{email}}>', { name: '<b>Bo</b>', email: 'bo@x.test' }, '<b>Bo</b> <bo@x.test>'],
    ['No tags {single}', {}, 'No tags {single}'],
  ];
  it.each(table)('when %s is rendered with %j, then it reads %s', (template, values, expected) => {
    expect(renderTemplate(template, values)).toBe(expected);
  });
});

describe('unknownTemplateVariables', () => {
  it('when a template uses unknown names, then each is listed once and known ones are not', () => {
    expect(unknownTemplateVariables('{{name}} {{nmae}} {{ org }} {{nmae|x}} {{}} {{unsubscribeUrl}}')).toEqual([
      'nmae',
      '',
    ]);
  });
});

describe('bodyWithUnsubscribe', () => {
  it('when the body has no unsubscribe link, then the footer with one is appended', () => {
    expect(hasUnsubscribeLink(bodyWithUnsubscribe('Hello'))).toBe(true);
    expect(bodyWithUnsubscribe('Hello')).toMatch(/^Hello\n\n--\n/);
  });

  it('when the body places the link itself, then it is left as written', () => {
    expect(bodyWithUnsubscribe('Bye: {{ unsubscribeUrl }}')).toBe('Bye: {{ unsubscribeUrl }}');
  });
});
