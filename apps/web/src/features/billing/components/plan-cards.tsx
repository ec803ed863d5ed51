import { campaignRecipientCapText, planDefinitions, plans, usageResources, type Plan } from '@aiceo/shared/plans';
import { countOf, formatPrice } from '../format';

/** Every plan side by side, from the one definition the API enforces. */
export const PlanCards = ({ current }: { current: Plan }) => (
  <>
    <ul className="plan-cards" aria-label="Plans">
      {plans.map((plan) => {
        const definition = planDefinitions[plan];
        const isCurrent = plan === current;
        return (
          <li
            key={plan}
            className={`card plan-card${isCurrent ? ' current' : ''}`}
            aria-current={isCurrent ? 'true' : undefined}
          >
            <h3>
              {definition.name} {isCurrent ? <span className="badge good">Current plan</span> : null}
            </h3>
            <p className="plan-price">{formatPrice(definition.priceCents, definition.currency)}</p>
            <p className="muted">{definition.pitch}</p>
            <ul className="plan-limits">
              {usageResources.map((resource) => (
                <li key={resource}>
                  {countOf(definition.limits[resource], resource)} a month
                  {resource === 'emails' ? ' (a campaign counts as one)' : ''}
                </li>
              ))}
              <li>{campaignRecipientCapText(plan)}</li>
            </ul>
          </li>
        );
      })}
    </ul>
    <p className="muted">Plans are billed in US dollars (USD).</p>
  </>
);
