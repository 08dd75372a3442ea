import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { fieldProblems, inputProblem } from '@casenet/contracts';
import { ProblemException } from './problem.exception.js';

/**
 * Request bodies, queries and path parameters are checked strictly: unknown fields are refused,
 * and the 400 is a problem document naming every failing field by its path (`pupil.taxCode`).
 * Before class-transformer sees the input, it is walked once without recursion for what
 * validation would miss or choke on: NUL, prototype keys (which class-transformer silently
 * drops), nesting past the depth limit.
 */
export function httpValidationPipe(): ValidationPipe {
  return new InputRefusingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => ProblemException.invalid(fieldProblems(errors)),
  });
}

@Injectable()
class InputRefusingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameters (the Kafka context, the principal) are the server's own objects.
    if (metadata.type !== 'custom') {
      const problem = inputProblem(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problem) throw ProblemException.invalid([problem]);
    }
    return super.transform(value, metadata);
  }
}
