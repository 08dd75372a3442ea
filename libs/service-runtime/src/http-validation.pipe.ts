import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors } from '@casenet/contracts';

/**
 * Request bodies and queries are checked strictly: unknown fields are rejected, and the 400
 * names every failing field with its path, e.g. `pupil.taxCode: taxCode must be ...`.
 */
export function httpValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const messages = describeValidationErrors(errors);
      return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });
    },
  });
}
