/**
 * The SDK's base error and the client's errors. Each lives in a module of its own, so a bundle that needs only
 * the base (the widget's UI) leaves the client's class out.
 *
 * @module
 */
export { CLIENT_ERROR_CODES, ClientError, type ClientErrorCode } from './client-error.js';
export { CrypTalkError } from './cryptalk-error.js';
