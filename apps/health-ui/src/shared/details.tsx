import type { ReactNode } from 'react';

/** A term and its value in a description list; rows without a value are left out. */
export function Detail({ term, children }: { term: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div className="row py-1 border-bottom">
      <dt className="col-sm-4">{term}</dt>
      <dd className="col-sm-8 mb-0">{children}</dd>
    </div>
  );
}
