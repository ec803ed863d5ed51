import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

// Retrying a 4xx only repeats the same answer; network blips and 5xx get two more tries.
const shouldRetry = (failureCount: number, error: unknown): boolean =>
  failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});
