import { policyToMarkdown } from './policy-markdown.js';
import { loadSharingPolicy } from './sharing-policy.js';

/** `npm run policy`: the sharing policy as a Markdown matrix on stdout. */
process.stdout.write(policyToMarkdown(loadSharingPolicy(process.env.SHARING_POLICY_FILE || undefined)));
