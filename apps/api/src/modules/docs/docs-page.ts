import type { JsonSchema, OpenApiDocument, Operation, Parameter, Reference, ResponseObject } from './openapi';
import { describeAuth } from './openapi';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** `code` spans for text written in Markdown backticks. */
const inlineMarkdown = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Short notes on a schema's constraints; zod's long uuid and date-time patterns are left to the JSON. */
const constraintsOf = (schema: JsonSchema): string[] => {
  const notes: string[] = [];
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  if (typeof schema['format'] === 'string') notes.push(schema['format']);
  else if (typeof schema['pattern'] === 'string') notes.push(`matches ${schema['pattern']}`);
  const [minLength, maxLength] = [num('minLength'), num('maxLength')];
  if (minLength !== undefined || maxLength !== undefined) notes.push(`${minLength ?? 0}–${maxLength ?? '∞'} chars`);
  const [minimum, maximum] = [num('minimum'), num('maximum')];
  if ((minimum !== undefined && minimum > -SAFE_INT) || (maximum !== undefined && maximum < SAFE_INT)) {
    notes.push(
      `${minimum !== undefined && minimum > -SAFE_INT ? minimum : '−∞'}–${maximum !== undefined && maximum < SAFE_INT ? maximum : '∞'}`,
    );
  }
  const [minItems, maxItems] = [num('minItems'), num('maxItems')];
  if (minItems !== undefined || maxItems !== undefined) notes.push(`${minItems ?? 0}–${maxItems ?? '∞'} items`);
  if ('default' in schema) notes.push(`default ${JSON.stringify(schema['default'])}`);
  if (typeof schema['description'] === 'string') notes.push(schema['description']);
  return notes;
};

const refName = (ref: string): string => ref.split('/').pop() ?? ref;

const LONG_UNION = 4;

/** `a | b`, or one member per line when there are many (like the error codes). */
const joinUnion = (members: string[], pad: string): string =>
  members.length > LONG_UNION
    ? `\n${pad}    <span class="p">|</span> ${members.join(`\n${pad}    <span class="p">|</span> `)}`
    : members.join(' <span class="p">|</span> ');

/** A JSON Schema as TypeScript-like HTML: types, optional marks, and constraints as comments. */
const renderType = (schema: JsonSchema, indent: number): string => {
  const pad = '  '.repeat(indent);
  if (typeof schema['$ref'] === 'string') return `<span class="t">${escapeHtml(refName(schema['$ref']))}</span>`;
  const union = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(union))
    return joinUnion(
      union.map((s) => renderType(s, indent)),
      pad,
    );
  if ('const' in schema) return `<span class="s">${escapeHtml(JSON.stringify(schema['const']))}</span>`;
  if (Array.isArray(schema['enum']))
    return joinUnion(
      schema['enum'].map((v) => `<span class="s">${escapeHtml(JSON.stringify(v))}</span>`),
      pad,
    );
  // JSON Schema's short form of a nullable primitive: { type: ['string', 'null'] }.
  if (Array.isArray(schema['type']))
    return joinUnion(
      schema['type'].map((type) => renderType({ ...schema, type }, indent)),
      pad,
    );
  switch (schema['type']) {
    case 'object': {
      const properties = isObject(schema['properties'])
        ? (schema['properties'] as Record<string, JsonSchema>)
        : undefined;
      if (!properties) {
        const values = isObject(schema['additionalProperties'])
          ? renderType(schema['additionalProperties'], indent)
          : '<span class="t">unknown</span>';
        return `{ [key: <span class="t">string</span>]: ${values} }`;
      }
      const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
      const lines = Object.entries(properties).map(([name, property]) => {
        const notes = constraintsOf(property);
        const comment = notes.length > 0 ? ` <span class="c">// ${escapeHtml(notes.join(', '))}</span>` : '';
        return `${pad}  <span class="k">${escapeHtml(name)}</span>${required.has(name) ? '' : '?'}: ${renderType(property, indent + 1)}${comment}`;
      });
      return lines.length > 0 ? `{\n${lines.join('\n')}\n${pad}}` : '{}';
    }
    case 'array': {
      const items = isObject(schema['items']) ? renderType(schema['items'], indent) : '<span class="t">unknown</span>';
      return /\|/.test(items) && !items.startsWith('{') ? `(${items})[]` : `${items}[]`;
    }
    case 'integer':
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
      return `<span class="t">${schema['type'] === 'integer' ? 'integer' : schema['type']}</span>`;
    default:
      return '<span class="t">unknown</span>';
  }
};

const renderSchemaBlock = (schema: JsonSchema): string => {
  const notes = constraintsOf(schema).filter((n) => !n.startsWith('default'));
  const comment =
    notes.length > 0 && schema['type'] !== 'object' ? ` <span class="c">// ${escapeHtml(notes.join(', '))}</span>` : '';
  return `<pre class="schema">${renderType(schema, 0)}${comment}</pre>`;
};

const renderParameters = (parameters: Parameter[]): string => {
  const rows = parameters
    .map((p) => {
      const notes = constraintsOf(p.schema);
      return `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? '' : ' <span class="muted">optional</span>'}</td><td>${p.in}</td><td><code>${renderType(p.schema, 0)}</code></td><td class="muted">${escapeHtml(notes.join(', '))}</td></tr>`;
    })
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table>`;
};

const resolveResponse = (document: OpenApiDocument, response: ResponseObject | Reference): ResponseObject =>
  '$ref' in response
    ? (document.components.responses[refName(response.$ref)] ?? { description: response.$ref })
    : response;

const renderResponses = (document: OpenApiDocument, operation: Operation): string => {
  const items = Object.entries(operation.responses).map(([status, raw]) => {
    const response = resolveResponse(document, raw);
    const isError = Number(status) >= 400;
    const content = Object.entries(response.content ?? {})[0];
    const body =
      !isError && content
        ? ` <span class="media">${escapeHtml(content[0])}</span>${content[0] === 'application/json' ? renderSchemaBlock(content[1].schema) : ''}`
        : '';
    return `<li class="${isError ? 'err' : 'ok'}"><span class="status">${status}</span> ${inlineMarkdown(response.description)}${body}</li>`;
  });
  return `<h4>Responses</h4><ul class="responses">${items.join('')}</ul>`;
};

type PlacedOperation = { path: string; method: string; operation: Operation };

const renderOperation = (document: OpenApiDocument, { path, method, operation }: PlacedOperation): string => {
  const pathHtml = escapeHtml(path).replace(/\{(\w+)\}/g, '<span class="param">{$1}</span>');
  const body = operation.requestBody?.content['application/json'];
  return `<article class="op" id="${escapeHtml(operation.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${pathHtml}</code> <a class="anchor" href="#${escapeHtml(operation.operationId)}" aria-label="Link to this operation">#</a></h3>
<p class="summary">${escapeHtml(operation.summary)}</p>
<p class="auth"><span class="label">Auth</span> ${escapeHtml(describeAuth(operation['x-auth']))}</p>
${operation.parameters ? renderParameters(operation.parameters) : ''}
${body ? `<h4>Request body${operation.requestBody?.required ? '' : ' <span class="muted">(optional)</span>'} <span class="media">application/json</span></h4>${renderSchemaBlock(body.schema)}` : ''}
${renderResponses(document, operation)}
</article>`;
};

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1c2230; --muted: #5d6675; --line: #e2e6ee; --card: #f7f8fb; --code: #eef1f6;
  --accent: #2457d6; --get: #1b7f4b; --post: #2457d6; --patch: #a35c00; --put: #7a4bc2; --delete: #c0392b; --k: #7a3e9d; --t: #0b6e8a; --s: #a5471b; --c: #6b7380; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151c; --fg: #e3e7ee; --muted: #9aa3b2; --line: #2a303c; --card: #1a1e27; --code: #222835;
    --accent: #7aa2ff; --get: #4cc38a; --post: #7aa2ff; --patch: #f0a846; --put: #b994f5; --delete: #ff7b6b; --k: #d29bf5; --t: #5fc7e0; --s: #f0a07a; --c: #8c95a4; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 13px; }
.layout { display: grid; grid-template-columns: 330px 1fr; max-width: 1400px; margin: 0 auto; }
nav { position: sticky; top: 0; align-self: start; height: 100vh; overflow-y: auto; padding: 24px 16px; border-right: 1px solid var(--line); font-size: 14px; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 6px; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li a { display: flex; gap: 6px; align-items: baseline; padding: 2px 0; color: var(--fg); text-decoration: none; font-size: 13px; overflow-wrap: break-word; }
nav li a:hover { color: var(--accent); }
nav .method { font-size: 10px; min-width: 46px; flex: none; }
main { padding: 24px 40px 80px; min-width: 0; }
header p { max-width: 72ch; }
h1 { margin: 0 0 4px; font-size: 28px; }
h2.tag { margin: 48px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.op { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; margin: 14px 0; }
.op h3 { margin: 0; font-size: 16px; font-weight: 600; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.op h4 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.anchor { margin-left: auto; color: var(--muted); text-decoration: none; }
.summary { margin: 6px 0; }
.auth { margin: 6px 0; color: var(--muted); }
.label { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; margin-right: 4px; }
.method { display: inline-block; text-align: center; min-width: 62px; padding: 2px 6px; border-radius: 5px; color: #fff; font: 700 12px/1.4 ui-monospace, Menlo, monospace; }
.method.get { background: var(--get); } .method.post { background: var(--post); } .method.patch { background: var(--patch); }
.method.put { background: var(--put); } .method.delete { background: var(--delete); }
@media (prefers-color-scheme: dark) { .method { color: #10131a; } }
.path .param { color: var(--s); }
.muted { color: var(--muted); font-weight: normal; }
.media { display: inline-block; margin-left: 6px; font: 12px ui-monospace, Menlo, monospace; color: var(--muted); text-transform: none; letter-spacing: 0; }
pre.schema { background: var(--code); border-radius: 8px; padding: 10px 12px; overflow-x: auto; margin: 6px 0; }
:not(pre) > code { background: var(--code); border-radius: 4px; padding: 1px 4px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
ul.responses { list-style: none; padding: 0; margin: 0; }
ul.responses li { padding: 4px 0; }
.status { display: inline-block; min-width: 40px; font: 700 13px ui-monospace, Menlo, monospace; }
li.ok .status { color: var(--get); } li.err .status { color: var(--delete); }
li.err { color: var(--muted); font-size: 14px; }
.k { color: var(--k); } .t { color: var(--t); } .s { color: var(--s); } .c { color: var(--c); font-style: italic; } .p { color: var(--muted); }
@media (max-width: 860px) { .layout { grid-template-columns: 1fr; } nav { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); } main { padding: 16px; } }
`;

/** The whole OpenAPI document as one static HTML page: no scripts (the CSP forbids inline ones), light and dark. */
export const renderDocsPage = (document: OpenApiDocument): string => {
  const byTag = new Map<string, PlacedOperation[]>(document.tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const tag of operation.tags) byTag.get(tag)?.push({ path, method, operation });
    }
  }
  const sections = [...byTag].filter(([, ops]) => ops.length > 0);

  const nav = sections
    .map(([tag, ops]) => {
      const links = ops
        .map(
          ({ path, method, operation }) =>
            `<li><a href="#${escapeHtml(operation.operationId)}" title="${escapeHtml(operation.summary)}"><span class="method ${method}">${method.toUpperCase()}</span><span>${escapeHtml(path).replace(/\//g, '/<wbr>')}</span></a></li>`,
        )
        .join('');
      return `<h2><a href="#tag-${slug(tag)}">${escapeHtml(tag)}</a></h2><ul>${links}</ul>`;
    })
    .join('');

  const body = sections
    .map(
      ([tag, ops]) =>
        `<section><h2 class="tag" id="tag-${slug(tag)}">${escapeHtml(tag)}</h2>${ops.map((op) => renderOperation(document, op)).join('\n')}</section>`,
    )
    .join('\n');

  const envelope = document.components.schemas['ErrorEnvelope'];
  const intro = document.info.description
    .split('\n\n')
    .map((p) => `<p>${inlineMarkdown(p)}</p>`)
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="layout">
<nav aria-label="Endpoints"><strong>${escapeHtml(document.info.title)}</strong>${nav}</nav>
<main>
<header>
<h1>${escapeHtml(document.info.title)}</h1>
<p class="muted">Version ${escapeHtml(document.info.version)} · OpenAPI ${escapeHtml(document.openapi)} · <a href="/api/openapi.json">openapi.json</a></p>
${intro}
<h4>Error envelope</h4>
${envelope ? renderSchemaBlock(envelope) : ''}
</header>
${body}
</main>
</div>
</body>
</html>
`;
};
