// @push-api/mock: the Push API in your tests and pages, with its real behaviour (the reference
// server's own engine), in-process. `createFakePushApi()` here; MSW handlers built on it from
// `@push-api/mock/msw`.
export {
  createFakePushApi,
  FIRST_MESSAGE_ID,
  TEST_APP,
  type AddMessageOptions,
  type FailNextOptions,
  type FakeClock,
  type FakePushApi,
  type FakePushApiOptions,
  type FakeRequestRecord,
} from './fake.js';
