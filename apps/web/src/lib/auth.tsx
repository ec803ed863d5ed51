import { useSyncExternalStore } from 'react';
import { redirect, type LoaderFunctionArgs } from 'react-router';
import type { User } from '@aiceo/shared/auth';
import { paths, safeNext } from '@/config/paths';
import { hasSession, onSessionChange, refreshSession, setSession } from './api-client';
import { queryClient } from './query-client';

export type AuthState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

let state: AuthState = { status: 'loading' };
const subscribers = new Set<() => void>();
const publish = (next: AuthState) => {
  state = next;
  for (const notify of subscribers) notify();
};

// Other tabs of this browser hear about a sign-out, so one "Log out" ends the session everywhere here.
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('aiceo-auth') : null;
channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.data === 'signed-out' && state.status === 'signed-in') setSession(null);
});

onSessionChange((auth) => {
  const wasSignedIn = state.status === 'signed-in';
  publish(auth ? { status: 'signed-in', user: auth.user } : { status: 'signed-out' });
  // Nothing cached for one user may be shown to the next one.
  if (!auth && wasSignedIn) queryClient.clear();
});

let ready: Promise<void> | null = null;

/** Restores the session from the refresh cookie once per page load (a silent refresh). */
export const sessionReady = (): Promise<void> => {
  ready ??= refreshSession().then(() => undefined);
  return ready;
};

export const announceSignOut = (): void => {
  setSession(null);
  channel?.postMessage('signed-out');
};

/** Replaces the signed-in user after a profile change. */
export const setCurrentUser = (user: User): void => {
  if (state.status === 'signed-in') publish({ status: 'signed-in', user });
};

const subscribe = (notify: () => void) => {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
};

export const useAuth = (): AuthState => useSyncExternalStore(subscribe, () => state);

/** The signed-in user; only for screens behind `requireUser`. */
export const useUser = (): User => {
  const auth = useAuth();
  if (auth.status !== 'signed-in') throw new Error('useUser outside a signed-in route');
  return auth.user;
};

const nextOf = (request: Request) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
};

/** Loader guard: waits for the silent refresh, then sends signed-out visitors to log in and back. */
export const requireUser = async ({ request }: Pick<LoaderFunctionArgs, 'request'>): Promise<User> => {
  await sessionReady();
  if (state.status !== 'signed-in' || !hasSession()) throw redirect(paths.auth.login.getHref(nextOf(request)));
  return state.user;
};

/** Loader guard for sign-in screens: a signed-in visitor goes where they were heading. */
export const redirectIfSignedIn = async ({ request }: Pick<LoaderFunctionArgs, 'request'>): Promise<null> => {
  await sessionReady();
  if (state.status === 'signed-in') {
    throw redirect(safeNext(new URL(request.url).searchParams.get('next')) ?? paths.home.getHref());
  }
  return null;
};
