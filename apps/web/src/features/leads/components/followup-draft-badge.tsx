import { formatDateTime } from '@/utils/format';
import './leads.css';

/**
 * Said on the lead while a follow-up was written and not sent: a draft is not a contact, so
 * the lead still needs someone to really reach it.
 */
export const FollowupDraftBadge = ({ draftedAt }: { draftedAt: string | null }) =>
  draftedAt ? (
    <span
      className="badge followup-draft-badge"
      data-testid="followup-drafted"
      title={`Drafted ${formatDateTime(draftedAt)}; nobody has contacted the lead since`}
    >
      Follow-up drafted, not sent
    </span>
  ) : null;
