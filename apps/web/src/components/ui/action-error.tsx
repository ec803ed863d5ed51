import { ApiError } from '@/lib/api-client';
import { errorMessage } from './states';

/**
 * A failed action's message. A 402 QUOTA_EXCEEDED shows nothing here: the app-wide notice
 * (features/billing QuotaNotice) already says what ran out and links to the upgrade, once.
 */
export const ActionError = ({ error }: { error: unknown }) => {
  if (error instanceof ApiError && error.code === 'QUOTA_EXCEEDED') return null;
  return (
    <p className="alert error" role="alert" tabIndex={-1} data-form-error="">
      {errorMessage(error)}
    </p>
  );
};
