import Markdown, { type Components } from 'react-markdown';

// Raw HTML in the text stays text (react-markdown's default), and unsafe URLs are dropped by its
// default urlTransform. Links leave the app in a new tab; remote images are not loaded.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>,
};

/** An assistant's answer, rendered from markdown. */
export const ChatMarkdown = ({ text }: { text: string }) => (
  <div className="chat-markdown">
    <Markdown components={components}>{text}</Markdown>
  </div>
);
