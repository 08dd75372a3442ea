import { createI18n, mountAgencyApp } from '@casenet/ui';
import openapi from '../openapi.json';
import { session } from './api/client';
import en from './i18n/en.json';
import it from './i18n/it.json';
import { router } from './router';

mountAgencyApp({ agency: 'police', session, openapi, i18n: createI18n({ it, en }), router });
