import type { TestSendResult } from '@aiceo/shared/campaigns';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useTestSendCampaign } from '../api/test-send-campaign';
import './campaigns.css';

const resultClass: Record<TestSendResult['status'], string> = { sent: 'success', queued: 'warning', failed: 'error' };

const outcome = (result: TestSendResult): string => {
  const filledWith = result.sampleLeadId
    ? `filled in for ${result.sampleName}, the first lead of the audience`
    : `filled in with your name (no lead matches the audience yet)`;
  switch (result.status) {
    case 'sent':
      return `Test mail sent to ${result.to}, ${filledWith}.`;
    case 'queued':
      return `Test mail to ${result.to} is waiting in the outbox, ${filledWith}: no mail server is set up, so it was not delivered.`;
    case 'failed':
      return `The test mail to ${result.to} could not be delivered: ${result.error ?? 'the mail server refused it'}.`;
  }
};

/** Mails the saved campaign to the signed-in person, marked [Test]; says truthfully what happened to it. */
export const TestSendButton = ({ orgId, campaignId }: { orgId: string; campaignId: string }) => {
  const testSend = useTestSendCampaign(orgId, campaignId);
  const result = testSend.data;
  return (
    <section className="card test-send" aria-labelledby="test-send-heading">
      <h2 id="test-send-heading">Test mail</h2>
      <p className="muted">
        See the mail as your leads will: it goes to your own address with “[Test]” before the subject, filled in for the
        first lead of the audience. Test mails are not counted against your plan’s emails.
      </p>
      <Button
        variant="secondary"
        className="test-send-button"
        isPending={testSend.isPending}
        pendingLabel="Sending the test…"
        onClick={() => testSend.mutate()}
      >
        Send a test to me
      </Button>
      <div aria-live="polite" data-testid="test-send-result">
        {result ? (
          <p className={`alert ${resultClass[result.status]}`} data-status={result.status}>
            {outcome(result)}
          </p>
        ) : null}
      </div>
      {testSend.error ? <ActionError error={testSend.error} /> : null}
    </section>
  );
};
