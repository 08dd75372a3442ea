import { uiConfig } from '@casenet/ui/vite';

export default uiConfig(import.meta.dirname);
