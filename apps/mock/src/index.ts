// @push-api/mock-server: the two mocks of the Push API, and Prism for other uses (proxy mode).
export { startPrismMock, forwardTo, type MockOptions } from './front.js';
export { startStatefulMock, FIRST_MESSAGE_ID, TEST_APP, type StatefulMockOptions } from './stateful.js';
export { startPrism, prismBin, specPath, urlOf, type PrismOptions, type Running } from './prism.js';
