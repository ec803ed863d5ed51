import type { LeadDetail } from '@aiceo/shared/leads';
import { ScoreBadge } from './score-badge';

/** The score and the rules behind it, as the API computed them. */
export const ScoreExplanation = ({ lead }: { lead: LeadDetail }) => (
  <section className="card" aria-labelledby="score-heading">
    <h2 id="score-heading">
      Score <ScoreBadge score={lead.score} />
    </h2>
    <ul className="score-factors" aria-label="How the score is made">
      {lead.scoreFactors.map((factor) => (
        <li key={factor.label} className={factor.applies ? undefined : 'not-applied'}>
          <span>
            {factor.label}
            {factor.applies ? null : <span className="visually-hidden"> (does not apply)</span>}
          </span>
          <span>{factor.label === 'Won' || factor.label === 'Lost' ? `= ${factor.points}` : `+${factor.points}`}</span>
        </li>
      ))}
    </ul>
  </section>
);
