import { Router } from 'express';
import { contentEndpoints } from '@aiceo/shared/content';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { createPost, deletePost, draftPost, getPost, listPosts, updatePost } from './content.service';
import { publishPost } from './publish.service';

export const contentRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, contentEndpoints.list, ({ org, query }) => listPosts(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, contentEndpoints.create, ({ org, auth, body }) =>
    createPost(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, contentEndpoints.draft, ({ org, auth, body }) =>
    draftPost(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, contentEndpoints.get, ({ org, params }) =>
    getPost(deps, { orgId: org.orgId, postId: params.postId }),
  );
  mountEndpoint(router, deps, contentEndpoints.update, ({ org, params, body }) =>
    updatePost(deps, { orgId: org.orgId, postId: params.postId, input: body }),
  );
  mountEndpoint(router, deps, contentEndpoints.remove, ({ org, params }) =>
    deletePost(deps, { orgId: org.orgId, postId: params.postId }),
  );
  mountEndpoint(router, deps, contentEndpoints.publish, ({ org, params }) =>
    publishPost(deps, { orgId: org.orgId, postId: params.postId }),
  );
  return router;
};
