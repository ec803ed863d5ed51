import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { planDefinitions } from '@aiceo/shared/plans';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { onQuotaExceeded, type QuotaExceeded } from '@/lib/api-client';
import { countOf } from '../format';

/**
 * The one app-wide notice for a plan limit: whatever request got 402 QUOTA_EXCEEDED, this
 * says what ran out, the limit, and links to the billing page to upgrade.
 */
export const QuotaNotice = ({ fallbackOrgId }: { fallbackOrgId?: string }) => {
  const [notice, setNotice] = useState<QuotaExceeded | null>(null);
  useEffect(() => onQuotaExceeded(setNotice), []);
  if (!notice) return null;

  const { resource, limit, plan, upgrade } = notice.details;
  const orgId = notice.orgId ?? fallbackOrgId;
  return (
    <div className="alert warning quota-notice" role="alert" aria-labelledby="quota-notice-title">
      <p id="quota-notice-title">
        <strong>Plan limit reached:</strong> the {planDefinitions[plan].name} plan includes {countOf(limit, resource)} a
        month, and this month’s are used up.
      </p>
      <p>
        {upgrade && orgId ? (
          <Link to={paths.orgs.settings.billing.getHref(orgId)} onClick={() => setNotice(null)}>
            Upgrade to {planDefinitions[upgrade.plan].name} for {countOf(upgrade.limit, resource)} a month
          </Link>
        ) : orgId ? (
          <Link to={paths.orgs.settings.billing.getHref(orgId)} onClick={() => setNotice(null)}>
            See plan and usage
          </Link>
        ) : null}{' '}
        <Button variant="secondary" size="small" onClick={() => setNotice(null)}>
          Dismiss
        </Button>
      </p>
    </div>
  );
};
