import { formatDate } from '@/utils/format';

/** Said wherever a lead shows when it unsubscribed: campaigns skip it, so nobody should mail it by hand either. */
export const UnsubscribedBadge = ({ unsubscribedAt }: { unsubscribedAt: string | null }) =>
  unsubscribedAt ? (
    <span
      className="badge"
      data-testid="lead-unsubscribed"
      title={`Unsubscribed on ${formatDate(unsubscribedAt)}; email campaigns skip this lead`}
    >
      Unsubscribed
    </span>
  ) : null;
