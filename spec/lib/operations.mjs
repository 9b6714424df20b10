// The bundled spec read as data: its operations with their parameters, request body and
// declared responses (statuses, headers, named examples). This is the one module that
// follows `$ref`s; @push-api/types turns its answer into the generated OPERATIONS map that
// every other package reads.

/** The HTTP methods an OpenAPI path item can hold, in the order the spec lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const decode = (segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const encode = (segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A JSON pointer (`#/paths/~1v4~1push/post`) of the document, from its segments. */
export function pointerOf(...segments) {
  return `#/${segments.map((segment) => encode(String(segment))).join('/')}`;
}

/**
 * Follows `$ref`s from `node` (found at `pointer`) to the object they name, inside the one
 * bundled document. Answers the object and its own pointer.
 */
export function resolveRef(document, node, pointer) {
  let value = node;
  let at = pointer;
  for (let hops = 0; value !== null && typeof value === 'object' && typeof value.$ref === 'string'; hops++) {
    if (hops > 16) throw new Error(`$ref chain too long at ${pointer}`);
    const ref = value.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, found ${ref} at ${at}`);
    value = ref
      .slice(2)
      .split('/')
      .map(decode)
      .reduce((parent, key) => (parent === undefined || parent === null ? undefined : parent[key]), document);
    if (value === undefined) throw new Error(`$ref ${ref} at ${at} names nothing`);
    at = ref;
  }
  return { value, pointer: at };
}

function readExamples(document, examples, pointer) {
  const out = {};
  for (const [name, node] of Object.entries(examples ?? {})) {
    const { value } = resolveRef(document, node, `${pointer}/${encode(name)}`);
    out[name] = { summary: value.summary ?? '', value: value.value };
  }
  return out;
}

function readParameters(document, item, operation, itemPointer, operationPointer) {
  const byKey = new Map();
  const collect = (list, base) =>
    (list ?? []).forEach((node, index) => {
      const { value, pointer } = resolveRef(document, node, `${base}/parameters/${index}`);
      byKey.set(`${value.in} ${value.name}`, {
        name: value.name,
        in: value.in,
        required: value.required === true,
        description: value.description ?? '',
        schema: resolveRef(document, value.schema, `${pointer}/schema`).pointer,
        example: value.example,
      });
    });
  // Operation-level parameters override path-level ones of the same name and location.
  collect(item.parameters, itemPointer);
  collect(operation.parameters, operationPointer);
  return [...byKey.values()];
}

function readRequestBody(document, operation, operationPointer) {
  if (!operation.requestBody) return null;
  const { value, pointer } = resolveRef(document, operation.requestBody, `${operationPointer}/requestBody`);
  const [mediaType, media] = Object.entries(value.content ?? {})[0] ?? [];
  if (!mediaType) throw new Error(`${operationPointer}: a request body without content`);
  const mediaPointer = `${pointer}/content/${encode(mediaType)}`;
  return {
    required: value.required === true,
    mediaType,
    schema: resolveRef(document, media.schema, `${mediaPointer}/schema`).pointer,
    examples: readExamples(document, media.examples, `${mediaPointer}/examples`),
  };
}

function readResponses(document, operation, operationPointer) {
  const responses = {};
  for (const [status, node] of Object.entries(operation.responses ?? {})) {
    const { value, pointer } = resolveRef(document, node, `${operationPointer}/responses/${status}`);
    const [mediaType, media] = Object.entries(value.content ?? {})[0] ?? [];
    const headers = {};
    for (const [name, header] of Object.entries(value.headers ?? {})) {
      const resolved = resolveRef(document, header, `${pointer}/headers/${encode(name)}`).value;
      headers[name] = { description: resolved.description ?? '', example: resolved.schema?.example ?? resolved.example };
    }
    const mediaPointer = mediaType ? `${pointer}/content/${encode(mediaType)}` : undefined;
    responses[status] = {
      description: value.description ?? '',
      mediaType: mediaType ?? null,
      schema: media?.schema ? resolveRef(document, media.schema, `${mediaPointer}/schema`).pointer : null,
      headers,
      examples: readExamples(document, media?.examples, `${mediaPointer}/examples`),
    };
  }
  return responses;
}

/**
 * Every operation of the bundled document, in the order of its paths and methods:
 * `{ operationId, method, path, tags, summary, extensions, parameters, requestBody, responses }`.
 * Schemas are given as JSON pointers into the document (`#/components/schemas/PushRequest`);
 * examples as their values.
 */
export function readOperations(document) {
  const operations = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const itemPointer = pointerOf('paths', path);
    const { value: item } = resolveRef(document, rawItem, itemPointer);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const operationPointer = pointerOf('paths', path, method);
      const extensions = Object.fromEntries(Object.entries(operation).filter(([key]) => key.startsWith('x-') && key !== 'x-codeSamples'));
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        tags: operation.tags ?? [],
        summary: operation.summary ?? '',
        extensions,
        parameters: readParameters(document, item, operation, itemPointer, operationPointer),
        requestBody: readRequestBody(document, operation, operationPointer),
        responses: readResponses(document, operation, operationPointer),
      });
    }
  }
  return operations;
}

/** The methods each path takes (upper case), by path template: what a 405 answer's `Allow` lists. */
export function readPathMethods(document) {
  return Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, rawItem]) => {
      const { value: item } = resolveRef(document, rawItem, pointerOf('paths', path));
      return [path, HTTP_METHODS.filter((method) => item[method]).map((method) => method.toUpperCase())];
    }),
  );
}
