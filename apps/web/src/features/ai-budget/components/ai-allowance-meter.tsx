import type { AiAllowance } from '@aiceo/shared/ai-budget';
import { planDefinitions } from '@aiceo/shared/plans';
import { dayInWords, usd } from '../format';

/** What the allowance means right now, in plain words. */
export const allowanceSentence = (allowance: AiAllowance): string => {
  const resets = dayInWords(allowance.resetsAt);
  if (allowance.state === 'stopped')
    return `This month's AI allowance is used up: AI answers are paused until ${resets}, unless a platform admin raises it.`;
  const used = `You have used ${allowance.percentUsed}% of this month's AI allowance.`;
  if (allowance.state === 'economy')
    return `${used} Answers now use economy models (cheaper, a little less capable) until ${resets}.`;
  return `${used} Past ${allowance.economyPercent}%, answers switch to economy models; it resets on ${resets}.`;
};

/** The owner's view of the margin guard: a meter, a sentence, and (for admins) the money. */
export const AiAllowanceMeter = ({ allowance }: { allowance: AiAllowance }) => {
  const level = allowance.state === 'stopped' ? 'full' : allowance.state === 'economy' ? 'high' : 'ok';
  const sentence = allowanceSentence(allowance);
  const { money } = allowance;
  return (
    <section className="card stack" aria-labelledby="ai-allowance-heading">
      <h2 id="ai-allowance-heading">AI allowance this month</h2>
      {allowance.aiOnline ? null : (
        <p className="muted" data-testid="ai-allowance-offline">
          The AI CEO is in offline mode: its template answers cost nothing and use none of this allowance or of your AI
          messages.
        </p>
      )}
      <ul className="usage-meters">
        <li>
          <span id="ai-allowance-label" className="usage-name">
            AI allowance ({planDefinitions[allowance.plan].name} plan)
          </span>
          <div
            role="meter"
            className={`usage-meter ${level}`}
            aria-labelledby="ai-allowance-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={allowance.percentUsed}
            aria-valuetext={`${allowance.percentUsed}% used`}
          >
            <span className="usage-meter-fill" style={{ width: `${allowance.percentUsed}%` }} />
          </div>
          <span className="usage-text">{allowance.percentUsed}% used</span>
        </li>
      </ul>
      <p data-testid="ai-allowance-sentence" className={allowance.state === 'stopped' ? 'alert warning' : undefined}>
        {sentence}
      </p>
      {money ? (
        <dl
          data-testid="ai-allowance-money"
          style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 2rem', margin: 0 }}
        >
          <div>
            <dt>Allowance</dt>
            <dd>
              {usd(money.budgetCents + money.extraCents)}
              {money.extraCents > 0 ? ` (${usd(money.budgetCents)} with the plan, ${usd(money.extraCents)} added)` : ''}
            </dd>
          </div>
          <div>
            <dt>Used so far</dt>
            <dd>{usd(money.spentCents)}</dd>
          </div>
          <div>
            <dt>Left</dt>
            <dd>{usd(money.remainingCents)}</dd>
          </div>
        </dl>
      ) : null}
      <p className="muted">
        The allowance is the share of your plan that pays for the AI models behind your AI CEO. It counts per calendar
        month (UTC).
      </p>
    </section>
  );
};
