import { useId } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useOrgs } from '../api/list-orgs';

/** Where the same screen lives in another organisation (`/orgs/A/settings/members` -> `/orgs/B/settings/members`). */
const samePageIn = (pathname: string, orgId: string): string => {
  const match = /^\/orgs\/[^/]+(\/.*)?$/.exec(pathname);
  const rest = match?.[1];
  // Only section roots carry over: an id further down belongs to the old organisation.
  const section = rest?.startsWith('/settings/') ? rest.split('/').slice(0, 3).join('/') : '/dashboard';
  return `/orgs/${orgId}${section}`;
};

export const OrgSwitcher = ({ currentOrgId }: { currentOrgId: string | undefined }) => {
  const orgs = useOrgs();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const id = useId();

  if (orgs.isError) return <span className="muted">Organisations unavailable</span>;
  const items = orgs.data?.items ?? [];
  const current = items.find((org) => org.id === currentOrgId);
  const known = current !== undefined;

  return (
    <div className="org-switcher">
      <label htmlFor={id} className="visually-hidden">
        Organisation
      </label>
      <select
        id={id}
        value={known ? currentOrgId : ''}
        // A name longer than the box still reads in full (on hover and to screen readers).
        title={current?.name}
        disabled={orgs.isPending}
        onChange={(event) => {
          const orgId = event.target.value;
          if (orgId) void navigate(samePageIn(pathname, orgId));
        }}
      >
        {orgs.isPending ? <option value="">Loading…</option> : null}
        {!known && !orgs.isPending ? <option value="">Choose an organisation</option> : null}
        {items.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      <Link to={paths.orgs.create.getHref()} className="button ghost small" aria-label="New organisation">
        <span className="short-label" aria-hidden="true">
          +{' '}
        </span>
        <span>
          New<span className="long-label"> organisation</span>
        </span>
      </Link>
    </div>
  );
};
