import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';

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

/** Whether the item is the page shown (as NavLink decides it), for the label of a collapsed menu. */
const isCurrent = (item: NavItem, pathname: string) => {
  const to = item.to.split('?')[0] ?? item.to;
  return pathname === to || (!item.end && pathname.startsWith(`${to}/`));
};

/**
 * A menu that is always open on wide screens and hides behind its button on narrow ones (CSS
 * decides which): the button says whether it is open, Escape closes it and gives focus back to
 * the button, and following a link (any navigation) closes it.
 */
const useCollapsible = () => {
  // Open on the page where it was opened: any navigation closes it.
  const { pathname } = useLocation();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpenOn(null);
      buttonRef.current?.focus();
    }
  };
  const buttonProps = {
    ref: buttonRef,
    type: 'button' as const,
    'aria-expanded': open,
    'aria-controls': listId,
    onClick: () => setOpenOn(open ? null : pathname),
    onKeyDown,
  };
  return { open, listId, buttonProps, onKeyDown };
};

type AppShellProps = {
  /** Controls in the top bar between the brand and the user (the organisation switcher). */
  switcher?: ReactNode;
  user: ReactNode;
  nav: readonly NavItem[];
  children: ReactNode;
};

/** The signed-in frame: top bar, main navigation (behind a Menu button on phones) and the page. */
export const AppShell = ({ switcher, user, nav, children }: AppShellProps) => {
  const menu = useCollapsible();
  // What waits behind the folded menu (approvals), so a phone shows it without opening the menu.
  const waiting = nav.reduce((sum, item) => sum + (item.count ?? 0), 0);
  const waitingLabel = nav.find((item) => item.count)?.countLabel ?? 'waiting';
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" /> AI CEO
        </Link>
        {switcher}
        <span className="spacer" />
        <div className="topbar-user">{user}</div>
        {nav.length > 0 ? (
          <button
            {...menu.buttonProps}
            className="button secondary small nav-toggle"
            aria-label={waiting ? `Menu, ${waiting} ${waitingLabel}` : undefined}
          >
            <span className="nav-toggle-icon" aria-hidden="true" />
            Menu
            {waiting ? (
              <span className="badge" data-testid="menu-count" aria-hidden="true">
                {waiting > 99 ? '99+' : waiting}
              </span>
            ) : null}
          </button>
        ) : null}
      </header>
      {nav.length > 0 ? (
        <nav
          id={menu.listId}
          className="mainnav"
          aria-label="Main"
          data-open={menu.open ? 'true' : undefined}
          onKeyDown={menu.onKeyDown}
        >
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
};

/** Secondary navigation inside a section (settings tabs, admin pages); a menu button on phones. */
export const SubNav = ({ label, items }: { label: string; items: readonly NavItem[] }) => {
  const menu = useCollapsible();
  const { pathname } = useLocation();
  const current = items.find((item) => isCurrent(item, pathname));
  return (
    <nav className="subnav" aria-label={label} data-open={menu.open ? 'true' : undefined} onKeyDown={menu.onKeyDown}>
      <button {...menu.buttonProps} className="button secondary subnav-toggle">
        <span className="nav-toggle-icon" aria-hidden="true" />
        <span>
          {label} menu{current ? <span className="subnav-current">: {current.label}</span> : null}
        </span>
      </button>
      <div id={menu.listId} className="subnav-items">
        {items.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end}>
            {item.label}
          </NavLink>
        ))}
      </div>
    </nav>
  );
};
