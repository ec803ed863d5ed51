import { z } from 'zod';
import { defineEndpoint, publicAuth } from './contract';

const tag = 'Docs';
export const docsEndpoints = {
  openapi: defineEndpoint({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tag,
    auth: publicAuth,
    status: 200,
    response: z.record(z.string(), z.unknown()),
  }),
  docs: defineEndpoint({
    method: 'GET',
    path: '/api/docs',
    summary: 'This API as a readable HTML page',
    tag,
    auth: publicAuth,
    status: 200,
    response: null,
    produces: 'text/html',
  }),
};
