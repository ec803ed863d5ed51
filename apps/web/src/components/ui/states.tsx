import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client';
import { Button } from './button';

export const Spinner = ({ label }: { label: string }) => (
  <span role="status">
    <span className="spinner" aria-hidden="true" /> <span className="visually-hidden">{label}</span>
  </span>
);

export const Loading = ({ label = 'Loading…' }: { label?: string }) => (
  <div className="state" role="status" aria-live="polite">
    <span className="spinner" aria-hidden="true" /> {label}
  </div>
);

export const errorMessage = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'Something went wrong; try again';

export const ErrorState = ({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) => (
  <div className="state" role="alert">
    <h2>{title}</h2>
    <p>{errorMessage(error)}</p>
    {onRetry ? (
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    ) : null}
  </div>
);

export const EmptyState = ({ title, children }: { title: string; children?: ReactNode }) => (
  <div className="state">
    <h2>{title}</h2>
    {children}
  </div>
);

type QueryViewProps<T> = {
  query: UseQueryResult<T>;
  loadingLabel?: string;
  errorTitle?: string;
  /** When it returns true the `empty` content is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/** Loading, error (with retry), empty and data states of one query, the same way everywhere. */
export const QueryView = <T,>({ query, loadingLabel, errorTitle, isEmpty, empty, children }: QueryViewProps<T>) => {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError) return <ErrorState error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
};
