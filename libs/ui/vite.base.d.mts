import type { UserConfig } from 'vite';

export declare function uiConfig(dir: string): UserConfig;
