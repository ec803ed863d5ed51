import type { InvitationPreview } from '@aiceo/shared/members';
import { formatDate } from '@/utils/format';

export const InvitationSummary = ({ preview }: { preview: InvitationPreview }) => (
  <div className="stack" style={{ marginBottom: '1rem' }}>
    <p>
      {preview.invitedByName ?? 'Someone'} invited <strong>{preview.email}</strong> to join{' '}
      <strong>{preview.orgName}</strong> as {preview.role === 'admin' ? 'an' : 'a'} <strong>{preview.role}</strong>.
    </p>
    <p className="muted">The invitation expires on {formatDate(preview.expiresAt)}.</p>
  </div>
);
