import { createAgencyClient, SessionStore } from '@casenet/ui';
import type { paths } from './schema';

export const session = new SessionStore();
export const api = createAgencyClient<paths>(session);
