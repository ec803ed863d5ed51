import type { AnalyzeResult } from '@aiceo/shared/agentic';

/** What the run just found and did, announced to screen readers. */
export const AnalyzeResultNotice = ({ result, onClose }: { result: AnalyzeResult; onClose: () => void }) => {
  const { run, insights } = result;
  const found = insights.length === 1 ? '1 insight' : `${insights.length} insights`;
  const tasks = run.actionCount === 1 ? '1 task created' : `${run.actionCount} tasks created`;
  return (
    <div
      className={`alert ${run.error ? 'error' : 'success'} insight-result`}
      role="status"
      data-testid="analyze-result"
    >
      <p>
        {run.error ? `The analysis stopped: ${run.error}. ` : 'Analysis done: '}
        {insights.length === 0 ? 'nothing new to report' : found}, {tasks}.{' '}
        <button type="button" className="button ghost small" onClick={onClose}>
          Hide
        </button>
      </p>
    </div>
  );
};
