import type { Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/**
 * An action route answers with the same view the GET of its resource answers right after: the
 * action's handler returns the feature's `view(id)`, the builder the GET route returns. This
 * decorator says so in the OpenAPI document with a response link (OpenAPI 3 `links`) from the
 * action to that GET, naming where each of the GET's path parameters comes from
 * (`$request.path.id`, `$response.body#/id`), so clients and tests can read the resource back.
 */
export function AnswersWithView(type: Type<unknown>, read: { get: string; parameters: Record<string, string>; status?: 200 | 201 }): MethodDecorator {
  const operationRef = `#/paths/${read.get.replace(/~/g, '~0').replace(/\//g, '~1')}/get`;
  return ApiResponse({
    status: read.status ?? 200,
    type,
    description: `The resource as \`GET ${read.get}\` shows it after the action`,
    links: { read: { operationRef, parameters: read.parameters, description: `GET ${read.get}` } },
  });
}
