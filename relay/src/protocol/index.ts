export { Dispatcher } from './dispatcher.js';
export { HttpRouter, type HttpRouterDeps, MAX_API_BODY_BYTES } from './http-router.js';
