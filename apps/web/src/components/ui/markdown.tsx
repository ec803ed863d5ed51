import Markdown, { type Components } from 'react-markdown';
import './markdown.css';

// Raw HTML stays text (react-markdown's default) and unsafe URLs are dropped by its default
// urlTransform. Links leave the app in a new tab; remote images are not loaded.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>,
};

/** Text the AI wrote (a chat answer, a report, a deliverable), rendered from markdown. */
export const MarkdownText = ({ text, label }: { text: string; label?: string }) => (
  <div className="markdown-text" aria-label={label} role={label ? 'region' : undefined}>
    <Markdown components={components}>{text}</Markdown>
  </div>
);
