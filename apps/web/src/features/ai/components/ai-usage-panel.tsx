import { aiProviderLabels, formatNanoUsd, type AiUsage } from '@aiceo/shared/ai';

const count = (n: number) => n.toLocaleString('en-US');

/** This month's AI calls, tokens and cost, in total and by model. */
export const AiUsagePanel = ({ usage }: { usage: AiUsage }) => (
  <div className="stack">
    <dl className="grid stats">
      <div className="stat">
        <dt>Cost</dt>
        <dd>{formatNanoUsd(usage.totals.costNanoUsd)}</dd>
      </div>
      <div className="stat">
        <dt>Calls</dt>
        <dd>{count(usage.totals.calls)}</dd>
      </div>
      <div className="stat">
        <dt>Failed calls</dt>
        <dd>{count(usage.totals.failedCalls)}</dd>
      </div>
      <div className="stat">
        <dt>Tokens in / out</dt>
        <dd>
          {count(usage.totals.tokensIn)} / {count(usage.totals.tokensOut)}
        </dd>
      </div>
    </dl>
    {usage.byModel.length === 0 ? (
      <p className="muted">No AI calls yet this month.</p>
    ) : (
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">AI spend by model</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
              <th scope="col">Calls</th>
              <th scope="col">Failed</th>
              <th scope="col">Tokens in</th>
              <th scope="col">Tokens out</th>
              <th scope="col">Avg latency</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {usage.byModel.map((row) => (
              <tr key={`${row.provider}/${row.model}`}>
                <th scope="row">{aiProviderLabels[row.provider]}</th>
                <td className="mono">{row.model}</td>
                <td>{count(row.calls)}</td>
                <td>{count(row.failedCalls)}</td>
                <td>{count(row.tokensIn)}</td>
                <td>{count(row.tokensOut)}</td>
                <td>{count(row.avgLatencyMs)} ms</td>
                <td>{formatNanoUsd(row.costNanoUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </div>
);
