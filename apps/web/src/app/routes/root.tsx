import { useEffect, useRef } from 'react';
import { isRouteErrorResponse, Link, Outlet, useLocation, useNavigation, useRouteError } from 'react-router';
import { ApiError } from '@/lib/api-client';

/** After a client-side navigation, move focus to the new page's heading so screen readers announce it. */
const useFocusOnNavigate = () => {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    // Not on the first load (the browser starts at the top of the page anyway), only on changes.
    if (previous.current === pathname) return;
    previous.current = pathname;
    const target = document.querySelector<HTMLElement>('#main h1') ?? document.getElementById('main');
    target?.focus();
  }, [pathname]);
};

export const RootLayout = () => {
  const navigation = useNavigation();
  useFocusOnNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {navigation.state !== 'idle' ? (
        <div className="nav-progress" role="progressbar" aria-label="Loading page" />
      ) : null}
      <Outlet />
    </>
  );
};

export const RootLoading = () => (
  <div className="auth-page" role="status" aria-live="polite">
    <span>
      <span className="spinner" aria-hidden="true" /> Loading AI CEO…
    </span>
  </div>
);

const describe = (error: unknown): { title: string; message: string } => {
  if (isRouteErrorResponse(error) && error.status === 404)
    return { title: 'Page not found', message: 'There is nothing at this address.' };
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return { title: 'Not found', message: 'This does not exist, or you do not have access to it.' };
  }
  if (error instanceof ApiError) return { title: 'Something went wrong', message: error.message };
  // A new deployment replaces the chunk files a long-open tab still points to.
  if (
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script failed/i.test(error.message)
  ) {
    return { title: 'A new version is available', message: 'Reload the page to continue.' };
  }
  return {
    title: 'Something went wrong',
    message: 'An unexpected error stopped this page. Try again, or go back to the start.',
  };
};

export const RootErrorBoundary = () => {
  const error = useRouteError();
  const { title, message } = describe(error);
  useEffect(() => {
    document.title = `${title} · AI CEO`;
  }, [title]);
  return (
    <div className="auth-page">
      <main id="main" className="auth-card card" role="alert">
        <h1>{title}</h1>
        <p>{message}</p>
        <div className="actions">
          <Link className="button" to="/">
            Go to the start
          </Link>
          <button type="button" className="button secondary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </main>
    </div>
  );
};
