/**
 * `@cryptalk/widget`: the chat's web components. Importing this module defines nothing and touches no
 * `window` or `document`; import `@cryptalk/widget/define` (or load the script-tag build) to register them.
 * @module
 */
export { CryptalkChat } from './components/chat/chat.component.js';
