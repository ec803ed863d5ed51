import './leads.css';
/** The conversion score; 70+ is good, under 40 is weak. */
export const ScoreBadge = ({ score }: { score: number }) => {
  const tone = score >= 70 ? 'good' : score < 40 ? 'bad' : '';
  return (
    <span className={`badge ${tone}`.trim()} title="Conversion score (0-100)" data-testid="lead-score">
      <span className="visually-hidden">Score </span>
      {score}
    </span>
  );
};
