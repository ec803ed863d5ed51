import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body';

/**
 * A small offline OpenAI: chat completions (plain and streamed) and the model list in OpenAI's
 * wire format, so the official SDK talks to it over real HTTP. Each URL prefix `/<namespace>/v1`
 * is one simulated provider whose failure mode (429, 500, slow, hang) tests switch at will.
 */

export const fakeAiModes = ['ok', 'rate-limit', 'server-error', 'slow', 'hang'] as const;
export type FakeAiMode = (typeof fakeAiModes)[number];
export type FakeAiModeOptions = {
  /** The mode applies to the next `times` chat completions of the namespace, then it is back to 'ok'. */
  times?: number;
  /** 'slow': how long to wait before answering (default 2000 ms). */
  delayMs?: number;
  /** 'rate-limit': the retry-after header (default 0). */
  retryAfterSeconds?: number;
};
/** Message contents are flattened to their text (string, or the text parts of an array). */
export type FakeAiMessage = { role: string; content: string };
export type FakeAiRequest = {
  namespace: string;
  model: string;
  messages: FakeAiMessage[];
  stream: boolean;
  /** The request's `response_format` (structured output), or null. */
  responseFormat: unknown;
  headers: { authorization: string | null };
  /** ISO timestamp. */
  receivedAt: string;
};
export type FakeAiOptions = { port?: number; host?: string; tokenDelayMs?: number; apiKey?: string };
export type FakeAi = {
  url: string;
  /** The SDK baseURL of one simulated provider: `${url}/${namespace}/v1`. */
  baseUrlFor(namespace: string): string;
  setMode(namespace: string, mode: FakeAiMode, options?: FakeAiModeOptions): void;
  /** Every namespace back to 'ok', request log cleared. */
  reset(): void;
  /** Every chat-completion request received, including the ones a mode failed. */
  requests(namespace?: string): FakeAiRequest[];
  close(): Promise<void>;
};

type ModeState = { mode: FakeAiMode; remaining: number | null; delayMs: number; retryAfterSeconds: number };
type OpenAiError = { message: string; type: string; param: string | null; code: string | null };

export const FAKE_AI_MODELS = ['fake-model', 'fake-model-mini'] as const;
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_SLOW_MS = 2000;
const REPLY_MARKER = /\[\[reply:([\s\S]*?)\]\]/;

const newId = (prefix: string): string => `${prefix}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** The deterministic answer: the text inside `[[reply:...]]`, else an echo of the last user message. */
export const fakeReplyTo = (messages: FakeAiMessage[]): string => {
  const lastUser = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const marker = REPLY_MARKER.exec(lastUser);
  return marker ? (marker[1] ?? '') : `Fake reply to: ${lastUser.slice(0, 200)}`;
};
/** The pieces a reply streams in; their count is the reply's completion_tokens. */
export const splitReply = (reply: string): string[] => reply.match(/\S+\s*|\s+/g) ?? [];
const promptTokens = (messages: FakeAiMessage[]): number =>
  Math.ceil(messages.reduce((sum, m) => sum + m.content.length, 0) / 4);

const contentText = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
};
const parseMessages = (value: unknown): FakeAiMessage[] | null => {
  if (!Array.isArray(value)) return null;
  const messages: FakeAiMessage[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null || !('role' in item) || typeof item.role !== 'string') return null;
    messages.push({ role: item.role, content: contentText('content' in item ? item.content : undefined) });
  }
  return messages;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const JSON_MARKER = /\[\[json:([\s\S]*?)\]\]/;

/*
 * Structured output (`response_format: { type: 'json_schema', json_schema: { schema } }`): the answer
 * is JSON that fits the schema. A `[[json:{...}]]` marker in the last user message is answered
 * verbatim. Otherwise each property of the schema's top-level object gets a value: a few names are
 * read from the last user message by small deterministic rules (what a model would pick out of
 * "I'm Dana from Acme, dana@acme.test, budget about $5k, within 3 months"), any other property gets
 * null when its type allows null, else the empty value of its type.
 */
const FIELD_RULES: Record<string, (text: string) => string | null> = {
  email: (text) => /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0] ?? null,
  phone: (text) => /\+?\d[\d ()-]{6,}\d/.exec(text)?.[0]?.trim() ?? null,
  name: (text) =>
    /\b(?:[Mm]y name is|I am|I'm|[Tt]his is)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?)/u.exec(text)?.[1] ?? null,
  company: (text) => /\b(?:from|at|with|work for)\s+([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)/.exec(text)?.[1] ?? null,
  budget: (text) =>
    /\bbudget\b[^.!?\n]*?(\$?\d[\d,.]*\s*(?:k|K|thousand|USD|EUR|€|\$)?)/.exec(text)?.[1]?.trim() ?? null,
  timeline: (text) =>
    /\b((?:within|by|in|before|next)\s+(?:\d+\s+)?(?:days?|weeks?|months?|quarters?|years?|[A-Z][a-z]+|week|month|quarter|year))\b/.exec(
      text,
    )?.[1] ?? null,
  need: (text) =>
    /\b(?:I need|we need|looking for|I want|we want|interested in)\s+([^.!?\n]{3,200})/i.exec(text)?.[1]?.trim() ??
    null,
};

const emptyValueOf = (schema: Record<string, unknown>): unknown => {
  const types = ([] as unknown[]).concat(schema['type'] ?? []);
  if (types.includes('null')) return null;
  if (types.includes('string')) return '';
  if (types.includes('number') || types.includes('integer')) return 0;
  if (types.includes('boolean')) return false;
  if (types.includes('array')) return [];
  if (types.includes('object')) return {};
  return null;
};

/** The JSON answer to a structured-output request (see above). */
export const fakeJsonReplyTo = (messages: FakeAiMessage[], schema: Record<string, unknown>): string => {
  const lastUser = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const marker = JSON_MARKER.exec(lastUser);
  if (marker && parseJson(marker[1] ?? '') !== undefined) return marker[1] ?? '';
  const properties = asRecord(schema['properties']) ?? {};
  const answer: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const rule = FIELD_RULES[name];
    const found = rule ? rule(lastUser) : null;
    answer[name] = found ?? emptyValueOf(asRecord(property) ?? {});
  }
  return JSON.stringify(answer);
};

/** The schema of a `response_format: { type: 'json_schema' }`, or null for any other request. */
const jsonSchemaOf = (responseFormat: unknown): Record<string, unknown> | null => {
  const format = asRecord(responseFormat);
  if (format?.['type'] !== 'json_schema') return null;
  return asRecord(asRecord(format['json_schema'])?.['schema']);
};

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': newId('req_'), ...headers });
  res.end(JSON.stringify(body));
};
const apiError = (
  res: ServerResponse,
  status: number,
  error: Partial<OpenAiError> & { message: string },
  headers?: Record<string, string>,
): void =>
  json(
    res,
    status,
    {
      error: {
        message: error.message,
        type: error.type ?? 'invalid_request_error',
        param: error.param ?? null,
        code: error.code ?? null,
      },
    },
    headers,
  );

/** Resolves true after `ms`, or false as soon as the client has gone away. */
const wait = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The SDK's `fetch` option for tests under jest. Jest runs tests in a vm sandbox, while fetch's
 * AbortError is a DOMException from Node's own realm: it fails the SDK's `instanceof Error`, so an
 * SDK timeout surfaces as a plain APIConnectionError. Rethrown as this realm's Error (same name),
 * it is an APIConnectionTimeoutError again. Outside jest it changes nothing.
 */
export const sameRealmFetch: typeof fetch = (input, init) =>
  fetch(input, init).catch((error: unknown) => {
    if (error instanceof Error || typeof error !== 'object' || error === null) throw error;
    const { name, message } = error as { name?: unknown; message?: unknown };
    throw Object.assign(new Error(String(message ?? 'fetch failed'), { cause: error }), {
      name: String(name ?? 'Error'),
    });
  });

export const startFakeAi = async (options: FakeAiOptions = {}): Promise<FakeAi> => {
  const modes = new Map<string, ModeState>();
  const log: FakeAiRequest[] = [];

  const setMode = (namespace: string, mode: FakeAiMode, modeOptions: FakeAiModeOptions = {}): void => {
    modes.set(namespace, {
      mode,
      remaining: modeOptions.times ?? null,
      delayMs: modeOptions.delayMs ?? DEFAULT_SLOW_MS,
      retryAfterSeconds: modeOptions.retryAfterSeconds ?? 0,
    });
  };
  /** The mode this request gets; counts it against `times`. */
  const takeMode = (namespace: string): ModeState | null => {
    const state = modes.get(namespace);
    if (!state || state.mode === 'ok') return null;
    if (state.remaining !== null) {
      state.remaining -= 1;
      if (state.remaining <= 0) modes.delete(namespace);
    }
    return state;
  };
  const reset = (): void => {
    modes.clear();
    log.length = 0;
  };
  const requests = (namespace?: string): FakeAiRequest[] =>
    log.filter((r) => namespace === undefined || r.namespace === namespace);

  const isAuthorized = (req: IncomingMessage): boolean =>
    options.apiKey === undefined || req.headers.authorization === `Bearer ${options.apiKey}`;
  const rejectUnauthorized = (res: ServerResponse, req: IncomingMessage): void =>
    apiError(res, 401, {
      message: req.headers.authorization
        ? 'Incorrect API key provided.'
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      code: 'invalid_api_key',
    });

  const tokenDelayOf = (req: IncomingMessage): number => {
    const header = Number(req.headers['x-fake-token-delay-ms']);
    return Number.isFinite(header) && header >= 0 ? header : (options.tokenDelayMs ?? 0);
  };

  const streamReply = async (
    res: ServerResponse,
    signal: AbortSignal,
    reply: {
      model: string;
      content: string;
      usage: Record<string, number>;
      includeUsage: boolean;
      tokenDelayMs: number;
    },
  ): Promise<void> => {
    const id = newId('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    // With include_usage OpenAI sends `usage: null` on every chunk but the last.
    const chunk = (choices: unknown[], usage?: Record<string, number>) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: reply.model, system_fingerprint: 'fp_fake', choices, ...(reply.includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
    const delta = (value: Record<string, unknown>, finishReason: string | null = null) => ({
      index: 0,
      delta: value,
      logprobs: null,
      finish_reason: finishReason,
    });

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': newId('req_'),
    });
    const frames = [
      chunk([delta({ role: 'assistant', content: '', refusal: null })]),
      ...splitReply(reply.content).map((piece) => chunk([delta({ content: piece })])),
      chunk([delta({}, 'stop')]),
      ...(reply.includeUsage ? [chunk([], reply.usage)] : []),
      'data: [DONE]\n\n',
    ];
    for (const [i, frame] of frames.entries()) {
      if (i > 0 && reply.tokenDelayMs > 0 && !(await wait(reply.tokenDelayMs, signal))) return;
      if (signal.aborted) return;
      res.write(frame);
    }
    res.end();
  };

  const chatCompletions = async (
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    signal: AbortSignal,
  ): Promise<void> => {
    const body = asRecord(parseJson(await readBody(req)));
    const messages = parseMessages(body?.['messages']);
    const model = body?.['model'];
    // Logged before any check, so tests also see the requests that were refused.
    log.push({
      namespace,
      model: typeof model === 'string' ? model : '',
      messages: messages ?? [],
      stream: body?.['stream'] === true,
      responseFormat: body?.['response_format'] ?? null,
      headers: { authorization: req.headers.authorization ?? null },
      receivedAt: new Date().toISOString(),
    });

    if (!isAuthorized(req)) return rejectUnauthorized(res, req);
    if (!body)
      return apiError(res, 400, {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
      });
    if (typeof model !== 'string' || model === '')
      return apiError(res, 400, {
        message: "Missing required parameter: 'model'.",
        param: 'model',
        code: 'missing_required_parameter',
      });
    if (!messages)
      return apiError(res, 400, {
        message: "Missing required parameter: 'messages'.",
        param: 'messages',
        code: 'missing_required_parameter',
      });

    const state = takeMode(namespace);
    if (state?.mode === 'rate-limit') {
      return apiError(
        res,
        429,
        {
          message: `Rate limit reached for requests on the fake provider '${namespace}'. Please try again in ${state.retryAfterSeconds}s.`,
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': String(state.retryAfterSeconds) },
      );
    }
    if (state?.mode === 'server-error') {
      return apiError(res, 500, {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
      });
    }
    if (state?.mode === 'hang') return; // Never answers; the response ends when the client (or close()) drops the socket.
    if (state?.mode === 'slow' && !(await wait(state.delayMs, signal))) return;

    const schema = jsonSchemaOf(body['response_format']);
    const content = schema ? fakeJsonReplyTo(messages, schema) : fakeReplyTo(messages);
    const prompt = promptTokens(messages);
    const completion = splitReply(content).length;
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    if (body['stream'] === true) {
      const streamOptions = asRecord(body['stream_options']);
      return streamReply(res, signal, {
        model,
        content,
        usage,
        includeUsage: streamOptions?.['include_usage'] === true,
        tokenDelayMs: tokenDelayOf(req),
      });
    }
    json(res, 200, {
      id: newId('chatcmpl-'),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      system_fingerprint: 'fp_fake',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
    });
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'POST' && url.pathname === '/__fake/mode') {
      const body = asRecord(parseJson(await readBody(req)));
      const namespace = body?.['namespace'];
      const mode = body?.['mode'];
      if (typeof namespace !== 'string' || !fakeAiModes.includes(mode as FakeAiMode)) {
        return apiError(res, 400, {
          message: `Expected {namespace: string, mode: ${fakeAiModes.join(' | ')}, times?, delayMs?, retryAfterSeconds?}`,
        });
      }
      const numberOf = (key: string): number | undefined =>
        typeof body?.[key] === 'number' ? (body[key] as number) : undefined;
      setMode(namespace, mode as FakeAiMode, {
        times: numberOf('times'),
        delayMs: numberOf('delayMs'),
        retryAfterSeconds: numberOf('retryAfterSeconds'),
      });
      return json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/__fake/reset') {
      reset();
      return json(res, 200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/__fake/requests') {
      return json(res, 200, requests(url.searchParams.get('namespace') ?? undefined));
    }
    return apiError(res, 404, { message: `Unknown control URL: ${req.method ?? 'GET'} ${url.pathname}` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake-ai');
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url);
    const route = /^(?:\/([^/]+))?\/v1\/(chat\/completions|models)$/.exec(url.pathname);
    const namespace = route?.[1] ?? DEFAULT_NAMESPACE;
    if (route?.[2] === 'chat/completions' && req.method === 'POST') return chatCompletions(req, res, namespace, signal);
    if (route?.[2] === 'models' && req.method === 'GET') {
      if (!isAuthorized(req)) return rejectUnauthorized(res, req);
      const created = 1_700_000_000;
      return json(res, 200, {
        object: 'list',
        data: FAKE_AI_MODELS.map((id) => ({ id, object: 'model', created, owned_by: 'fake-ai' })),
      });
    }
    return apiError(res, 404, { message: `Invalid URL (${req.method ?? 'GET'} ${url.pathname})`, code: 'unknown_url' });
  };

  const server: Server = createServer((req, res) => {
    const controller = new AbortController();
    // 'close' before the response finished means the client went away: stop waiting and writing.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    res.on('error', () => controller.abort());
    handle(req, res, controller.signal).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed)
        apiError(res, 500, {
          message: error instanceof Error ? error.message : 'Fake AI failure',
          type: 'server_error',
        });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    baseUrlFor: (namespace) => `${url}/${namespace}/v1`,
    setMode,
    reset,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
