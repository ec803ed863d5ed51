import { Link, useParams } from 'react-router';
import { aiAllowanceExceededDetailsSchema } from '@aiceo/shared/ai-budget';
import { quotaExceededDetailsSchema } from '@aiceo/shared/usage';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { errorMessage } from './states';

const quotaKind = (error: unknown): 'plan' | 'aiAllowance' | null => {
  if (!(error instanceof ApiError) || error.code !== 'QUOTA_EXCEEDED') return null;
  if (aiAllowanceExceededDetailsSchema.safeParse(error.details).success) return 'aiAllowance';
  return quotaExceededDetailsSchema.safeParse(error.details).success ? 'plan' : null;
};

/**
 * A failed action's message. A plan limit (402 QUOTA_EXCEEDED naming the resource) shows nothing
 * here: the app-wide notice (features/billing QuotaNotice) already says what ran out and links to
 * the upgrade, once. Inside a modal dialog (`inDialog`) that notice is hidden behind the backdrop,
 * so the limit is said here too. The month's AI allowance used up says so with its link.
 */
export const ActionError = ({ error, inDialog = false }: { error: unknown; inDialog?: boolean }) => {
  const { orgId } = useParams();
  const kind = quotaKind(error);
  if (kind === 'plan' && !inDialog) return null;
  if (kind && error instanceof ApiError) {
    return (
      <div className="alert warning" role="alert" tabIndex={-1} data-form-error="">
        <p style={{ margin: 0 }}>{error.message}</p>
        {!orgId ? null : kind === 'aiAllowance' ? (
          <Link to={paths.orgs.settings.aiAllowance.getHref(orgId)}>See the AI allowance</Link>
        ) : (
          <Link to={paths.orgs.settings.billing.getHref(orgId)}>See plan and usage, or upgrade</Link>
        )}
      </div>
    );
  }
  return (
    <p className="alert error" role="alert" tabIndex={-1} data-form-error="">
      {errorMessage(error)}
    </p>
  );
};
