import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';

export type NavItem = {
  to: string;
  label: string;
  end?: boolean;
  /** A number beside the label (what waits there); hidden when 0 or absent. */
  count?: number;
  /** What the number counts, for screen readers ("waiting"). */
  countLabel?: string;
};

// The number is read as part of the link's name ("Approvals, 3 waiting"), so the badge itself is
// hidden from screen readers (a visually hidden span would stick out of the scrolling nav on phones).
const NavCount = ({ item }: { item: NavItem }) =>
  item.count ? (
    <span className="badge" style={{ marginLeft: '0.35rem' }} data-testid="nav-count" aria-hidden="true">
      {item.count > 99 ? '99+' : item.count}
    </span>
  ) : null;

const navName = (item: NavItem) =>
  item.count ? `${item.label}, ${item.count}${item.countLabel ? ` ${item.countLabel}` : ''}` : undefined;

type AppShellProps = {
  /** Controls in the top bar between the brand and the user (the organisation switcher). */
  switcher?: ReactNode;
  user: ReactNode;
  nav: readonly NavItem[];
  children: ReactNode;
};

/** The signed-in frame: top bar, main navigation and the page. */
export const AppShell = ({ switcher, user, nav, children }: AppShellProps) => (
  <div className="shell">
    <header className="topbar">
      <Link to="/" className="brand">
        <img src="/favicon.svg" alt="" /> AI CEO
      </Link>
      {switcher}
      <span className="spacer" />
      <div className="topbar-user">{user}</div>
    </header>
    {nav.length > 0 ? (
      <nav className="mainnav" aria-label="Main">
        {nav.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} aria-label={navName(item)}>
            {item.label}
            <NavCount item={item} />
          </NavLink>
        ))}
      </nav>
    ) : null}
    <main id="main" className="content" tabIndex={-1}>
      {children}
    </main>
  </div>
);

/** Secondary navigation inside a section (settings tabs, admin pages). */
export const SubNav = ({ label, items }: { label: string; items: readonly NavItem[] }) => (
  <nav className="subnav" aria-label={label}>
    {items.map((item) => (
      <NavLink key={item.to} to={item.to} end={item.end}>
        {item.label}
      </NavLink>
    ))}
  </nav>
);
