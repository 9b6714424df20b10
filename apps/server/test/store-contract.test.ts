// The stores of the server keep the engine's store contract: the suite of
// @push-api/test-support/store-contract, on the engine of this vitest project (SQLite or
// PostgreSQL), each store on data of its own.
import { describeStoreContract } from '@push-api/test-support/store-contract';
import { engine, newStoreLocation, openTestStore } from './helpers.js';

describeStoreContract(engine === 'postgres' ? 'PostgreSQL' : 'SQLite', {
  open: (options) =>
    openTestStore(newStoreLocation(), options?.firstMessageId === undefined ? {} : { firstMessageId: options.firstMessageId }),
});
