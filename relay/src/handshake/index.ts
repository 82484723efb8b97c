export { OriginAllowlist } from './origin-allowlist.js';
export { AuthError, type CodedError, Session, type SessionDeps, type SessionState } from './session.js';
