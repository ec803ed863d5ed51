import { hasRole, orgRoles, type OrgRole } from './roles';

describe('hasRole', () => {
  const table: [OrgRole, OrgRole, boolean][] = [
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['owner', 'member', true],
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['admin', 'member', true],
    ['member', 'owner', false],
    ['member', 'admin', false],
    ['member', 'member', true],
  ];
  it.each(table)('when the role is %s and %s is needed, then the answer is %s', (actual, min, expected) => {
    expect(hasRole(actual, min)).toBe(expected);
  });

  it('when listing roles, then they run from lowest to highest', () => {
    expect(orgRoles).toEqual(['member', 'admin', 'owner']);
  });
});
