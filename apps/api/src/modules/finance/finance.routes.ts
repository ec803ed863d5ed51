import { Router } from 'express';
import { financeEndpoints as e } from '@aiceo/shared/finance';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  createAccount,
  createCategory,
  deleteAccount,
  deleteCategory,
  listAccounts,
  listCategories,
  updateAccount,
  updateCategory,
} from './finance.service';
import {
  acceptProposal,
  applyRule,
  createRule,
  deleteRule,
  dismissProposal,
  listProposals,
  listRules,
  previewRule,
  reorderRules,
  updateRule,
} from './rules.service';
import {
  bulkCategorise,
  createTransaction,
  deleteTransaction,
  exportTransactionsCsv,
  getCoverage,
  getTransaction,
  listTransactions,
  updateTransaction,
} from './transactions.service';

const categoryRoutes = (router: Router, deps: Deps) => {
  mountEndpoint(router, deps, e.listCategories, ({ org }) => listCategories(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.createCategory, ({ org, body }) =>
    createCategory(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, e.updateCategory, ({ org, params, body }) =>
    updateCategory(deps, { orgId: org.orgId, categoryId: params.categoryId, input: body }),
  );
  mountEndpoint(router, deps, e.removeCategory, ({ org, params }) =>
    deleteCategory(deps, { orgId: org.orgId, categoryId: params.categoryId }),
  );
};

const accountRoutes = (router: Router, deps: Deps) => {
  mountEndpoint(router, deps, e.listAccounts, ({ org }) => listAccounts(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.createAccount, ({ org, body }) =>
    createAccount(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, e.updateAccount, ({ org, params, body }) =>
    updateAccount(deps, { orgId: org.orgId, accountId: params.accountId, input: body, now: deps.clock.now() }),
  );
  mountEndpoint(router, deps, e.removeAccount, ({ org, params }) =>
    deleteAccount(deps, { orgId: org.orgId, accountId: params.accountId }),
  );
};

const transactionRoutes = (router: Router, deps: Deps) => {
  // Fixed paths before `/transactions/:transactionId`, which would otherwise take them as (invalid) ids.
  mountEndpoint(router, deps, e.listTransactions, ({ org, query }) =>
    listTransactions(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, e.exportTransactions, async ({ org, query, res }) => {
    const lines = exportTransactionsCsv(deps, { orgId: org.orgId, filter: query });
    // The first page is read before any header goes out, so an early failure still gets the JSON error envelope.
    const first = await lines.next();
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="transactions.csv"');
    if (!first.done) res.write(first.value);
    for await (const chunk of lines) {
      // A client that went away stops the export instead of waiting for a drain that never comes.
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  });
  mountEndpoint(router, deps, e.coverage, ({ org }) => getCoverage(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.createTransaction, ({ org, auth, body }) =>
    createTransaction(deps, { orgId: org.orgId, userId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, e.bulkCategorise, ({ org, body }) =>
    bulkCategorise(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, e.getTransaction, ({ org, params }) =>
    getTransaction(deps, { orgId: org.orgId, transactionId: params.transactionId }),
  );
  mountEndpoint(router, deps, e.updateTransaction, ({ org, params, body }) =>
    updateTransaction(deps, { orgId: org.orgId, transactionId: params.transactionId, input: body }),
  );
  mountEndpoint(router, deps, e.removeTransaction, ({ org, params }) =>
    deleteTransaction(deps, { orgId: org.orgId, transactionId: params.transactionId }),
  );
};

const ruleRoutes = (router: Router, deps: Deps) => {
  mountEndpoint(router, deps, e.listRules, ({ org }) => listRules(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.createRule, ({ org, body }) => createRule(deps, { orgId: org.orgId, input: body }));
  mountEndpoint(router, deps, e.previewRule, ({ org, body }) => previewRule(deps, { orgId: org.orgId, input: body }));
  mountEndpoint(router, deps, e.reorderRules, ({ org, body }) =>
    reorderRules(deps, { orgId: org.orgId, ids: body.ids }),
  );
  mountEndpoint(router, deps, e.updateRule, ({ org, params, body }) =>
    updateRule(deps, { orgId: org.orgId, ruleId: params.ruleId, input: body }),
  );
  mountEndpoint(router, deps, e.removeRule, ({ org, params }) =>
    deleteRule(deps, { orgId: org.orgId, ruleId: params.ruleId }),
  );
  mountEndpoint(router, deps, e.applyRule, ({ org, params }) =>
    applyRule(deps, { orgId: org.orgId, ruleId: params.ruleId }),
  );
  mountEndpoint(router, deps, e.listProposals, ({ org }) => listProposals(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, e.acceptProposal, ({ org, params, body }) =>
    acceptProposal(deps, { orgId: org.orgId, proposalId: params.ruleProposalId, applyToPast: body.applyToPast }),
  );
  mountEndpoint(router, deps, e.dismissProposal, ({ org, params }) =>
    dismissProposal(deps, { orgId: org.orgId, proposalId: params.ruleProposalId }),
  );
};

/** The books under /api/orgs/:orgId/finance: categories, accounts, transactions, rules, proposed rules. */
export const financeRoutes = (deps: Deps): Router => {
  const router = Router();
  categoryRoutes(router, deps);
  accountRoutes(router, deps);
  transactionRoutes(router, deps);
  ruleRoutes(router, deps);
  return router;
};
