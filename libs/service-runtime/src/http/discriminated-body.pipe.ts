import { type ArgumentMetadata, Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';
import { httpValidationPipe } from './validation.pipe.js';

/**
 * A body whose shape depends on one of its fields (`kind`): the field picks the DTO class, and the
 * body is then validated against that class exactly as every other body is (unknown fields refused,
 * per-field 400 with paths). A body without the field is read as `fallback`, so a route that grew
 * kinds keeps accepting what it accepted before. Declare the parameter with a union type (the
 * global pipe then leaves it to this one).
 */
@Injectable()
export class DiscriminatedBodyPipe<K extends string> implements PipeTransform {
  private readonly validation = httpValidationPipe();

  constructor(
    private readonly property: string,
    private readonly classes: Readonly<Record<K, Type<object>>>,
    private readonly fallback: K,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const given = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[this.property] : undefined;
    const kind = given === undefined ? this.fallback : given;
    const kinds = Object.keys(this.classes);
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      throw ProblemException.invalid([{ path: this.property, message: `${this.property} must be one of the following values: ${kinds.join(', ')}` }]);
    }
    return this.validation.transform(value, { ...metadata, metatype: this.classes[kind as K] });
  }
}
