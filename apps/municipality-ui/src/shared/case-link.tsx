import { Link } from '@tanstack/react-router';

export function CaseLink({ caseref }: { caseref: string }) {
  return (
    <Link to="/cases/$caseref" params={{ caseref }} className="font-monospace small text-nowrap">
      {caseref}
    </Link>
  );
}
