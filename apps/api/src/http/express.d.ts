import type { Auth, OrgAccess } from './auth-context';

declare global {
  namespace Express {
    interface Request {
      id: string;
      auth?: Auth;
      org?: OrgAccess;
    }
  }
}

export {};
