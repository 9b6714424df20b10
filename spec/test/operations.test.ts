// lib/operations.mjs on a small fixture: $ref chains, path-level parameters, examples by
// reference, headers, and clear failures on a broken document.
import { describe, expect, it } from 'vitest';
import { pointerOf, readOperations, readPathMethods, resolveRef } from '../lib/operations.mjs';

const fixture = {
  paths: {
    '/items/{id}': {
      parameters: [{ $ref: '#/components/parameters/id' }],
      get: {
        operationId: 'getItem',
        tags: ['Items'],
        summary: 'Get an item',
        'x-window': 5,
        responses: { '200': { $ref: '#/components/responses/Found' }, '404': { description: 'Missing' } },
      },
      delete: {
        operationId: 'deleteItem',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Overrides', schema: { type: 'integer' } }],
        requestBody: { $ref: '#/components/requestBodies/Reason' },
        responses: { '204': { description: 'Gone' } },
      },
    },
  },
  components: {
    parameters: { id: { name: 'id', in: 'path', required: true, description: 'The id', schema: { $ref: '#/components/schemas/Id' } } },
    schemas: { Id: { type: 'string' }, Item: { type: 'object' }, Reason: { type: 'string' } },
    responses: {
      Found: { $ref: '#/components/responses/FoundItem' },
      FoundItem: {
        description: 'Found',
        headers: { 'X-Id': { schema: { type: 'string', example: 'a-1' } } },
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Item' }, examples: { one: { $ref: '#/components/examples/One' } } },
        },
      },
    },
    examples: { One: { summary: 'One item', value: { id: 'a-1' } } },
    requestBodies: { Reason: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Reason' } } } } },
  },
};

describe('readOperations', () => {
  const [get, remove] = readOperations(fixture);

  it('follows $ref chains to responses, schemas and examples, and keeps x- extensions', () => {
    expect(get).toMatchObject({
      operationId: 'getItem',
      method: 'GET',
      path: '/items/{id}',
      tags: ['Items'],
      extensions: { 'x-window': 5 },
    });
    expect(get!.responses['200']).toEqual({
      description: 'Found',
      mediaType: 'application/json',
      schema: '#/components/schemas/Item',
      headers: { 'X-Id': { description: '', example: 'a-1' } },
      examples: { one: { summary: 'One item', value: { id: 'a-1' } } },
    });
    expect(get!.responses['404']).toMatchObject({ mediaType: null, schema: null, examples: {} });
  });

  it('takes path-level parameters, which an operation-level one of the same name overrides', () => {
    expect(get!.parameters).toEqual([
      { name: 'id', in: 'path', required: true, description: 'The id', schema: '#/components/schemas/Id', example: undefined },
    ]);
    expect(remove!.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'Overrides',
        schema: '#/paths/~1items~1{id}/delete/parameters/0/schema',
        example: undefined,
      },
    ]);
  });

  it('reads a request body by reference', () => {
    expect(remove!.requestBody).toEqual({
      required: true,
      mediaType: 'application/json',
      schema: '#/components/schemas/Reason',
      examples: {},
    });
  });

  it('lists the methods of each path', () => {
    expect(readPathMethods(fixture)).toEqual({ '/items/{id}': ['GET', 'DELETE'] });
  });

  it('fails clearly on a dangling or remote $ref and on an operation without operationId', () => {
    expect(() => resolveRef(fixture, { $ref: '#/components/schemas/Nope' }, '#/x')).toThrow(/names nothing/);
    expect(() => resolveRef(fixture, { $ref: 'other.yaml#/a' }, '#/x')).toThrow(/only local \$refs/);
    expect(() => readOperations({ paths: { '/a': { get: { responses: {} } } } })).toThrow(/GET \/a has no operationId/);
  });

  it('encodes JSON pointer segments', () => {
    expect(pointerOf('paths', '/v4/push', 'post')).toBe('#/paths/~1v4~1push/post');
  });
});
