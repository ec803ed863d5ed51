import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { planDefinitions } from '@aiceo/shared/plans';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { onQuotaExceeded, type QuotaExceeded } from '@/lib/api-client';
import { countOf, quotaTitle, quotaWords } from '../format';

const upgradeWords = (
  details: QuotaExceeded['details'],
  upgrade: NonNullable<QuotaExceeded['details']['upgrade']>,
  resource: QuotaExceeded['details']['resource'],
): string =>
  details.campaignRecipients?.upgradeCap
    ? `Upgrade to ${planDefinitions[upgrade.plan].name} to send to up to ${details.campaignRecipients.upgradeCap.toLocaleString('en-US')} per campaign`
    : `Upgrade to ${planDefinitions[upgrade.plan].name} for ${countOf(upgrade.limit, resource)} a month`;

/**
 * The one app-wide notice for a plan limit: whatever request got 402 QUOTA_EXCEEDED, this
 * says what the limit is and what was asked (its words follow the answer's details: "used up"
 * only when the month's units are all used), and links to the billing page to upgrade.
 */
export const QuotaNotice = ({ fallbackOrgId }: { fallbackOrgId?: string }) => {
  const [notice, setNotice] = useState<QuotaExceeded | null>(null);
  useEffect(() => onQuotaExceeded(setNotice), []);
  if (!notice) return null;

  const { resource, upgrade } = notice.details;
  const orgId = notice.orgId ?? fallbackOrgId;
  return (
    <div className="alert warning quota-notice" role="alert" aria-labelledby="quota-notice-title">
      <p id="quota-notice-title">
        <strong>{quotaTitle(notice.details)}</strong> {quotaWords(notice.details)}
      </p>
      <p>
        {upgrade && orgId ? (
          <Link to={paths.orgs.settings.billing.getHref(orgId)} onClick={() => setNotice(null)}>
            {upgradeWords(notice.details, upgrade, resource)}
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
