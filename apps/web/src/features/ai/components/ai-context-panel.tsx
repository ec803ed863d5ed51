import type { AiContext } from '@aiceo/shared/ai';

/** The text every prompt carries about the organisation, folded away by default. */
export const AiContextPanel = ({ context }: { context: AiContext }) => (
  <div className="stack">
    <p className="muted">
      About {context.tokens.toLocaleString('en-US')} of {context.budget.toLocaleString('en-US')} tokens.{' '}
      {context.sections.some((section) => !section.included)
        ? `Left out to stay within budget: ${context.sections
            .filter((section) => !section.included)
            .map((section) => section.title)
            .join(', ')}.`
        : 'Every section fits.'}
    </p>
    <details>
      <summary>Show the context text</summary>
      <pre className="mail">{context.text}</pre>
    </details>
  </div>
);
