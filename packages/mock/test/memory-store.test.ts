// The engine's in-memory store, which the fake runs on, keeps the store contract (the same
// suite runs on SQLite and PostgreSQL in apps/server).
import { describeStoreContract } from '@push-api/test-support/store-contract';
import { createMemoryStore } from '@push-api/engine';

describeStoreContract('memory', { open: (options) => Promise.resolve(createMemoryStore(options)) });
