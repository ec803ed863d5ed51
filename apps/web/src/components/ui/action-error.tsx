import { quotaExceededDetailsSchema } from '@aiceo/shared/usage';
import { ApiError } from '@/lib/api-client';
import { errorMessage } from './states';

/**
 * A failed action's message. A 402 QUOTA_EXCEEDED shows nothing here: the app-wide notice
 * (features/billing QuotaNotice) already says what ran out and links to the upgrade, once.
 */
export const ActionError = ({ error }: { error: unknown }) => {
  // Only a plan limit (its details name the resource) is left to the notice; the AI allowance's 402 shows here.
  if (
    error instanceof ApiError &&
    error.code === 'QUOTA_EXCEEDED' &&
    quotaExceededDetailsSchema.safeParse(error.details).success
  )
    return null;
  return (
    <p className="alert error" role="alert" tabIndex={-1} data-form-error="">
      {errorMessage(error)}
    </p>
  );
};
